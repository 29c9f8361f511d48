package dev.tributary.sink.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/** A Parquet output file in memory: an object is built whole and then uploaded in one PUT, never partially. */
final class InMemoryOutputFile implements OutputFile {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return stream();
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        bytes.reset();
        return stream();
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return "memory";
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    private PositionOutputStream stream() {
        return new PositionOutputStream() {
            @Override
            public long getPos() {
                return bytes.size();
            }

            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                // The bytes stay readable after the writer closes the stream.
            }
        };
    }
}
