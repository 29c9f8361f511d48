package dev.tributary.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports for servers that must know their port before they start. */
final class Ports {

    private Ports() {}

    static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new LocalStackException("Cannot find a free loopback port: " + e.getMessage(), e);
        }
    }
}
