package dev.tributary.sink.format;

import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet output file that is one stream in memory, without blocks: what to do with the bytes is the subclass's
 * (keep them, or only count them).
 */
public abstract class MemoryOutputFile implements OutputFile {

    /** The bytes written so far. */
    protected abstract long position();

    protected abstract void write(int b);

    protected abstract void write(byte[] b, int off, int len);

    /** Forgets what was written, for {@link #createOrOverwrite}. */
    protected abstract void reset();

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return new PositionOutputStream() {
            @Override
            public long getPos() {
                return position();
            }

            @Override
            public void write(int b) {
                MemoryOutputFile.this.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                MemoryOutputFile.this.write(b, off, len);
            }

            @Override
            public void close() {
                // The bytes stay readable after the writer closes the stream.
            }
        };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        reset();
        return create(blockSizeHint);
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
}
