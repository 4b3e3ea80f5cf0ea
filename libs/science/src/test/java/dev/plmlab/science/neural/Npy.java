package dev.plmlab.science.neural;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the .npy files the bench scripts write: C-order little-endian float32 or int64, format 1.0 or 2.0. */
final class Npy {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<|=]?[fi][48])'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    final String dtype;
    final long[] shape;
    final ByteBuffer data;

    private Npy(String dtype, long[] shape, ByteBuffer data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    static Npy read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.get() != (byte) 0x93 || b.get() != 'N') {
            throw new IOException(file + " is not an .npy file");
        }
        b.position(6);
        int major = b.get();
        b.get();
        int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        byte[] header = new byte[headerLength];
        b.get(header);
        String text = new String(header, StandardCharsets.ISO_8859_1);
        if (text.contains("'fortran_order': True")) {
            throw new IOException(file + ": Fortran order is not supported");
        }
        Matcher descr = DESCR.matcher(text);
        Matcher shape = SHAPE.matcher(text);
        if (!descr.find() || !shape.find()) {
            throw new IOException(file + ": unsupported header " + text);
        }
        String[] dims = shape.group(1).split(",");
        long[] s = java.util.Arrays.stream(dims).map(String::trim).filter(d -> !d.isEmpty()).mapToLong(Long::parseLong).toArray();
        return new Npy(descr.group(1).replaceAll("^[<|=]", ""), s, b.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    float[] floats() {
        if (!dtype.equals("f4")) {
            throw new IllegalStateException("dtype " + dtype + ", not f4");
        }
        float[] out = new float[data.remaining() / 4];
        data.asFloatBuffer().get(out);
        return out;
    }

    int[] ints() {
        if (!dtype.equals("i8")) {
            throw new IllegalStateException("dtype " + dtype + ", not i8");
        }
        long[] values = new long[data.remaining() / 8];
        data.asLongBuffer().get(values);
        return java.util.Arrays.stream(values).mapToInt(Math::toIntExact).toArray();
    }
}
