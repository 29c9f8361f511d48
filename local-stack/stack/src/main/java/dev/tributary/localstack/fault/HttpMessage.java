package dev.tributary.localstack.fault;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP/1.1 message as it crossed the wire: its head and body bytes exactly as received, so that forwarding them
 * changes nothing a signature covers (SigV4 signs the Host header, the path and the payload), and the few parts a
 * fault proxy needs to read: the start line, headers, and the body's framing.
 *
 * @param head the start line and headers, up to and including the blank line
 * @param startLine the request line ({@code PUT /bucket/key HTTP/1.1}) or status line
 * @param headers name and value pairs, in order
 * @param body the body as framed on the wire (a chunked body keeps its chunk lines)
 */
record HttpMessage(byte[] head, String startLine, List<String[]> headers, byte[] body) {

    private static final int MAX_HEAD = 256 * 1024;

    /** The first value of a header, by case-insensitive name. */
    Optional<String> header(String name) {
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase(name)) {
                return Optional.of(header[1]);
            }
        }
        return Optional.empty();
    }

    /** A request's method. */
    String method() {
        return startLine.substring(0, startLine.indexOf(' '));
    }

    /** A request's path and query. */
    String target() {
        String[] parts = startLine.split(" ");
        return parts.length > 1 ? parts[1] : "";
    }

    /** A response's status code. */
    int status() {
        String[] parts = startLine.split(" ");
        return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    }

    boolean expectsContinue() {
        return header("Expect").map(v -> v.equalsIgnoreCase("100-continue")).orElse(false);
    }

    /** Whether either side asked to close the connection after this message. */
    boolean closes() {
        return header("Connection")
                        .map(v -> v.toLowerCase(Locale.ROOT).contains("close"))
                        .orElse(false)
                || startLine.endsWith("HTTP/1.0");
    }

    /** The whole message, as received. */
    byte[] bytes() {
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    HttpMessage withBody(byte[] body) {
        return new HttpMessage(head, startLine, headers, body);
    }

    /**
     * Reads a message's head.
     *
     * @return empty at end of stream before the first byte (the peer closed a kept-alive connection)
     */
    static Optional<HttpMessage> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return Optional.empty();
                }
                throw new EOFException("The connection closed within a message head");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_HEAD) {
                throw new IOException("A message head longer than " + MAX_HEAD + " bytes");
            }
        }
        byte[] bytes = head.toByteArray();
        String[] lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\r\n");
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {
                    lines[i].substring(0, colon).trim(),
                    lines[i].substring(colon + 1).trim()
                });
            }
        }
        return Optional.of(new HttpMessage(bytes, lines[0], headers, new byte[0]));
    }

    /**
     * Reads the body that follows a head, framed as HTTP/1.1 frames it.
     *
     * @param request the request a response answers (null when reading a request)
     */
    static byte[] readBody(InputStream in, HttpMessage head, HttpMessage request) throws IOException {
        if (request != null) {
            int status = head.status();
            if (request.method().equals("HEAD") || status / 100 == 1 || status == 204 || status == 304) {
                return new byte[0];
            }
        }
        if (head.header("Transfer-Encoding")
                .map(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))
                .orElse(false)) {
            return readChunked(in);
        }
        Optional<String> length = head.header("Content-Length");
        if (length.isPresent()) {
            int n = Integer.parseInt(length.get().trim());
            byte[] body = in.readNBytes(n);
            if (body.length < n) {
                throw new EOFException("The connection closed " + body.length + " bytes into a body of " + n);
            }
            return body;
        }
        // A request without framing has no body; a response without it lasts until the connection closes.
        return request == null ? new byte[0] : in.readAllBytes();
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in, raw);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                // Trailers, then the blank line.
                while (!readLine(in, raw).isEmpty()) {
                    // Copied as they are.
                }
                return raw.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("The connection closed within a chunk");
            }
            raw.write(chunk);
            readLine(in, raw);
        }
    }

    private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
        StringBuilder line = new StringBuilder();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("The connection closed within a chunked body");
            }
            raw.write(b);
            if (previous == '\r' && b == '\n') {
                return line.substring(0, line.length() - 1);
            }
            line.append((char) b);
            previous = b;
        }
    }
}
