package dev.tributary.localstack.fault;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * An HTTP/1.1 proxy in front of one of the local stack's AWS-compatible servers (S3, DynamoDB, Glue), through which
 * tests inject faults at the wire: error answers in the service's own protocol (S3's 503 SlowDown, DynamoDB's
 * throttling, Glue's InternalServiceException), dropped connections, slow answers, requests held until a test
 * releases them, and requests applied by the server whose answer is lost. The functions reach it through the SDK's
 * endpoint overrides and cannot tell it from the server: every request and answer it forwards keeps its bytes, so
 * SigV4 signatures still match.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FaultProxy.class);

    private final String name;
    private final URI upstream;
    private final ServerSocket server;
    private final ExecutorService connections;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<ProxiedRequest, Integer>> observers = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private FaultProxy(String name, URI upstream, ServerSocket server) {
        this.name = name;
        this.upstream = upstream;
        this.server = server;
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fault-proxy-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a proxy on a free loopback port.
     *
     * @param name what it stands in front of, for thread names and logs ("s3")
     * @param upstream the server's endpoint ({@code http://127.0.0.1:port})
     */
    public static FaultProxy start(String name, URI upstream) {
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            FaultProxy proxy = new FaultProxy(name, upstream, server);
            proxy.connections.execute(proxy::accept);
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start a fault proxy for " + name + ": " + e.getMessage(), e);
        }
    }

    /** Where clients reach the server through the proxy. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Answers matching requests, with this probability, with an error instead of the server. */
    public Fault answer(String name, Predicate<ProxiedRequest> when, double probability, Answer answer) {
        return add(new Fault(this, name, when, probability, Fault.Effect.ANSWER, answer, Duration.ZERO));
    }

    /** Closes the connection of matching requests, with this probability, without an answer. */
    public Fault drop(String name, Predicate<ProxiedRequest> when, double probability) {
        return add(new Fault(this, name, when, probability, Fault.Effect.DROP, null, Duration.ZERO));
    }

    /** Forwards matching requests only after a delay. */
    public Fault delay(String name, Predicate<ProxiedRequest> when, double probability, Duration delay) {
        return add(new Fault(this, name, when, probability, Fault.Effect.DELAY, null, delay));
    }

    /** Holds every matching request until {@link Fault#releaseHeld()} forwards it or {@link Fault#remove()} drops it. */
    public Fault hold(String name, Predicate<ProxiedRequest> when) {
        return add(new Fault(this, name, when, 1, Fault.Effect.HOLD, null, Duration.ZERO));
    }

    /** Forwards matching requests, so that the server applies them, but answers the client with an error. */
    public Fault applyThenAnswer(String name, Predicate<ProxiedRequest> when, double probability, Answer answer) {
        return add(new Fault(this, name, when, probability, Fault.Effect.APPLY_THEN_ANSWER, answer, Duration.ZERO));
    }

    /**
     * Forwards matching requests, but closes the connection halfway through the body of the server's answer, as a
     * network that drops while an object streams in does.
     */
    public Fault cutShort(String name, Predicate<ProxiedRequest> when, double probability) {
        return add(new Fault(this, name, when, probability, Fault.Effect.CUT_SHORT, null, Duration.ZERO));
    }

    /** Calls {@code observer} with every request the server answered, and the status it answered with. */
    public void observe(BiConsumer<ProxiedRequest, Integer> observer) {
        observers.add(observer);
    }

    /** Removes every fault; held requests are dropped. */
    public void clear() {
        faults.forEach(Fault::remove);
    }

    @Override
    public void close() {
        closed = true;
        clear();
        try {
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        open.forEach(FaultProxy::closeQuietly);
        connections.shutdownNow();
    }

    void remove(Fault fault) {
        faults.remove(fault);
    }

    private Fault add(Fault fault) {
        faults.add(fault);
        return fault;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                open.add(client);
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    LOG.warnf("Fault proxy %s stopped accepting: %s", name, e.getMessage());
                }
                return;
            }
        }
    }

    /** Serves one client connection, request after request, over one upstream connection of its own. */
    private void serve(Socket client) {
        Upstream up = new Upstream();
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (!closed) {
                Optional<HttpMessage> head = HttpMessage.readHead(in);
                if (head.isEmpty() || !exchange(head.get(), in, out, up)) {
                    return;
                }
            }
        } catch (IOException e) {
            // The client, the server or a fault closed the connection.
        } finally {
            open.remove(client);
            up.close();
        }
    }

    /** One request and its answer; returns whether the connection goes on. */
    private boolean exchange(HttpMessage head, InputStream in, OutputStream out, Upstream up) throws IOException {
        boolean waitsForContinue = head.expectsContinue();
        HttpMessage request = waitsForContinue ? head : head.withBody(HttpMessage.readBody(in, head, null));
        ProxiedRequest seen = ProxiedRequest.of(request);
        Fault fault = faults.stream().filter(f -> f.appliesTo(seen)).findFirst().orElse(null);
        if (fault != null) {
            fault.counted();
            switch (fault.effect()) {
                case ANSWER -> {
                    out.write(fault.answer().bytes());
                    out.flush();
                    // Whether a client still sends the body it held back is up to it: start afresh.
                    return !waitsForContinue;
                }
                case DROP -> {
                    return false;
                }
                case DELAY -> pause(fault.delay());
                case HOLD -> {
                    if (!fault.hold()) {
                        return false;
                    }
                }
                case APPLY_THEN_ANSWER -> {
                    Optional<HttpMessage> answered = forward(request, in, out, up, false);
                    if (answered.isEmpty()) {
                        return false;
                    }
                    out.write(fault.answer().bytes());
                    out.flush();
                    return !waitsForContinue && !answered.get().closes();
                }
                case CUT_SHORT -> {
                    Optional<HttpMessage> answered = forward(request, in, out, up, false);
                    if (answered.isPresent()) {
                        byte[] all = answered.get().bytes();
                        out.write(all, 0, all.length - (answered.get().body().length + 1) / 2);
                        out.flush();
                    }
                    return false;
                }
                default -> throw new IllegalStateException("Unknown effect " + fault.effect());
            }
        }
        Optional<HttpMessage> response = forward(request, in, out, up, true);
        return response.isPresent() && !response.get().closes() && !request.closes();
    }

    /**
     * Sends a request on and relays (or, when not {@code relay}, swallows) the answer. A request waiting for
     * {@code 100 Continue} gets the server's interim answer, and then sends its body. Returns the final answer, or
     * empty if the server closed the connection.
     */
    private Optional<HttpMessage> forward(
            HttpMessage request, InputStream in, OutputStream out, Upstream up, boolean relay) throws IOException {
        HttpMessage response = sendAndRead(request, up);
        if (response == null) {
            return Optional.empty();
        }
        if (request.expectsContinue()) {
            if (response.status() != 100) {
                // Refused before the body: the client will not send it.
                if (relay) {
                    out.write(response.bytes());
                    out.flush();
                }
                return Optional.of(response.withBody(new byte[0]));
            }
            out.write(response.bytes());
            out.flush();
            byte[] body = HttpMessage.readBody(in, request, null);
            up.send(body);
            response = up.readResponse(request);
            if (response == null) {
                return Optional.empty();
            }
        }
        if (relay) {
            out.write(response.bytes());
            out.flush();
        }
        ProxiedRequest seen = ProxiedRequest.of(request);
        for (BiConsumer<ProxiedRequest, Integer> observer : observers) {
            observer.accept(seen, response.status());
        }
        return Optional.of(response);
    }

    /**
     * Sends a request head (and body) and reads the answer. A server may have closed an idle kept-alive connection
     * (Node.js does after five seconds) without reading the request: it is then sent once more on a new one, as a
     * client's connection pool would.
     */
    private static HttpMessage sendAndRead(HttpMessage request, Upstream up) throws IOException {
        boolean reused = up.isOpen();
        try {
            up.send(request.bytes());
            HttpMessage response = up.readResponse(request);
            if (response != null || !reused) {
                return response;
            }
        } catch (IOException e) {
            if (!reused) {
                throw e;
            }
        }
        up.close();
        up.send(request.bytes());
        return up.readResponse(request);
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    /** The connection to the server behind one client connection; opened on first use, again after it closed. */
    private final class Upstream {
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        boolean isOpen() {
            return socket != null;
        }

        void send(byte[] bytes) throws IOException {
            if (socket == null) {
                socket = new Socket(upstream.getHost(), upstream.getPort());
                socket.setTcpNoDelay(true);
                open.add(socket);
                in = new BufferedInputStream(socket.getInputStream());
                out = socket.getOutputStream();
            }
            out.write(bytes);
            out.flush();
        }

        /** The next answer (skipping none), or null if the server closed the connection. */
        HttpMessage readResponse(HttpMessage request) throws IOException {
            Optional<HttpMessage> head;
            try {
                head = HttpMessage.readHead(in);
            } catch (java.net.SocketException e) {
                // Reset by the server.
                head = Optional.empty();
            }
            if (head.isEmpty()) {
                close();
                return null;
            }
            if (head.get().status() == 100) {
                return head.get();
            }
            HttpMessage response = head.get().withBody(HttpMessage.readBody(in, head.get(), request));
            if (response.closes()
                    || !response.header("Content-Length").isPresent()
                            && !response.header("Transfer-Encoding").isPresent()
                            && response.body().length > 0) {
                close();
            }
            return response;
        }

        void close() {
            if (socket != null) {
                open.remove(socket);
                closeQuietly(socket);
                socket = null;
            }
        }
    }

    @Override
    public String toString() {
        return "fault proxy " + name + " at " + uri() + " for " + upstream;
    }
}
