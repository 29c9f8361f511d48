package dev.tributary.sink.format;

import java.io.ByteArrayOutputStream;

/** A Parquet output file in memory: an object is built whole and then uploaded in one PUT, never partially. */
final class InMemoryOutputFile extends MemoryOutputFile {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);

    @Override
    protected long position() {
        return bytes.size();
    }

    @Override
    protected void write(int b) {
        bytes.write(b);
    }

    @Override
    protected void write(byte[] b, int off, int len) {
        bytes.write(b, off, len);
    }

    @Override
    protected void reset() {
        bytes.reset();
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
