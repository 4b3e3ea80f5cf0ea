package dev.plmlab.forge.checkpoint;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts what is read so a parser can tell how many bytes can still follow. */
final class CountingInput extends FilterInputStream {

    private final long limit;
    private long position;

    CountingInput(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    /** Bytes read (or skipped) through this stream so far. */
    long position() {
        return position;
    }

    long remaining() {
        return limit - position;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            position++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        position += skipped;
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** The wrapped stream, for the owner to close. */
    InputStream source() {
        return in;
    }

    @Override
    public void close() {
        // the caller owns the underlying stream: a stream of pickles is read through several of these
    }
}
