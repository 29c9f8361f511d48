package dev.tributary.localstack.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * Runs s3proxy as an S3-compatible server with SigV4 authentication for the local stack.
 *
 * <p>Usage: {@code S3ServerMain <port> <access-key> <secret-key> [<directory>]}. With a directory, objects are files
 * under {@code <directory>/<bucket>/<key>}, so the lake is visible on disk; without one they live in memory. Port 0
 * picks a free port. When ready, one line {@code TRIBUTARY-READY <port>} is printed on stdout. The server stops when
 * its stdin reaches end of file, so it never outlives its parent.
 */
public final class S3ServerMain {

    private S3ServerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: S3ServerMain <port> <access-key> <secret-key> [<directory>]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        BlobStore store;
        if (args.length == 4) {
            Path root = Path.of(args[3]).toAbsolutePath();
            Files.createDirectories(root);
            store = new FilesystemNio2BlobStore(root.toString());
        } else {
            store = new TransientNio2BlobStore();
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, args[1], args[2])
                // As S3 does: a request header it has no use for (Trino's x-amz-optional-object-attributes on
                // ListObjectsV2, say) is ignored, not answered with 501.
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        // start() returns once Jetty is listening; anything else is a failure worth reporting.
        if (!"STARTED".equals(proxy.getState())) {
            System.err.println("Cannot start the S3 server because s3proxy is in state " + proxy.getState());
            System.exit(1);
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                proxy.stop();
                            } catch (Exception e) {
                                System.err.println("s3proxy did not stop cleanly: " + e);
                            }
                        },
                        "s3-server-shutdown"));
        System.out.println("TRIBUTARY-READY " + proxy.getPort());
        System.out.flush();
        try {
            while (System.in.read() != -1) {
                // The parent never writes; any byte is ignored until the pipe closes.
            }
        } catch (IOException e) {
            // A broken pipe means the parent is gone: stop as well.
        }
        System.exit(0);
    }
}
