package dev.plmlab.store;

import dev.plmlab.model.numeric.Float16;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format: writes version 1.0 files byte for byte as {@code numpy.save} does
 * (same header text and padding, little-endian, C order), and reads versions 1 to 3.
 *
 * @see <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">numpy.lib.format</a>
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy aligns the data start to 64 bytes so that it can be memory-mapped. */
    private static final int ALIGNMENT = 64;
    /** numpy leaves room in the header for the first dimension to grow to this many digits. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int CHUNK_BYTES = 1 << 16;

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN_ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
    private static final Pattern TYPE = Pattern.compile("([<>|=])([fiU])(\\d+)");

    private Npy() {
    }

    public static byte[] toBytes(NpyArray array) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(array, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static NpyArray fromBytes(byte[] bytes) {
        try {
            return read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes header and data; does not close {@code out}. */
    public static void write(NpyArray array, OutputStream out) throws IOException {
        int width = array.dtype() == NpyDtype.UNICODE ? unicodeWidth(array.strings()) : 1;
        out.write(header(array.dtype().descr(width), array.shape()));
        ElementWriter writer = new ElementWriter(out);
        switch (array.dtype()) {
            case FLOAT32 -> {
                for (float v : array.floats()) {
                    writer.buffer(4).putFloat(v);
                }
            }
            case FLOAT16 -> {
                for (float v : array.floats()) {
                    writer.buffer(2).putShort(Float16.fromFloat(v));
                }
            }
            case INT64 -> {
                for (long v : array.longs()) {
                    writer.buffer(8).putLong(v);
                }
            }
            case INT32 -> {
                for (int v : array.ints()) {
                    writer.buffer(4).putInt(v);
                }
            }
            case UNICODE -> {
                for (String s : array.strings()) {
                    int[] codePoints = s.codePoints().toArray();
                    for (int c = 0; c < width; c++) {
                        writer.buffer(4).putInt(c < codePoints.length ? codePoints[c] : 0);
                    }
                }
            }
        }
        writer.flush();
    }

    /** What a {@code .npy} header declares: element type (with its byte order) and shape. */
    public record Header(NpyDtype dtype, ByteOrder order, int unicodeWidth, long[] shape) {

        /** Elements in the array. */
        public long elements() {
            long count = 1;
            for (long dimension : shape) {
                count *= dimension;
            }
            return count;
        }

        /** Bytes of data after the header. */
        public long dataBytes() {
            return elements() * dtype.bytesPerUnit() * (dtype == NpyDtype.UNICODE ? unicodeWidth : 1);
        }
    }

    /** Reads the magic string and the header, leaving {@code in} at the first data byte. */
    public static Header readHeader(InputStream in) throws IOException {
        byte[] magic = readExactly(in, 8, "magic string");
        if (!Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
            throw new IOException("not a .npy file: it does not start with \\x93NUMPY");
        }
        int major = magic[6];
        int headerLength;
        if (major == 1) {
            headerLength = ByteBuffer.wrap(readExactly(in, 2, "header length")).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
        } else if (major == 2 || major == 3) {
            headerLength = ByteBuffer.wrap(readExactly(in, 4, "header length")).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (headerLength < 0 || headerLength > 1 << 20) {
                throw new IOException(".npy header length " + headerLength + " is not plausible");
            }
        } else {
            throw new IOException("unsupported .npy format version " + major + "." + magic[7]);
        }
        String header = new String(readExactly(in, headerLength, "header"),
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        String descr = find(DESCR, header, "descr");
        if ("True".equals(find(FORTRAN_ORDER, header, "fortran_order"))) {
            throw new IOException(".npy array in Fortran order is not supported (header " + header.trim() + ")");
        }
        long[] shape = parseShape(find(SHAPE, header, "shape"));
        Matcher type = TYPE.matcher(descr);
        if (!type.matches()) {
            throw new IOException("unsupported .npy dtype '" + descr + "'");
        }
        ByteOrder order = type.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        String kindAndSize = type.group(2) + type.group(3);
        NpyDtype dtype = switch (type.group(2).equals("U") ? "U" : kindAndSize) {
            case "f4" -> NpyDtype.FLOAT32;
            case "f2" -> NpyDtype.FLOAT16;
            case "i8" -> NpyDtype.INT64;
            case "i4" -> NpyDtype.INT32;
            case "U" -> NpyDtype.UNICODE;
            default -> throw new IOException("unsupported .npy dtype '" + descr + "' (supported: <f4, <f2, <i8, <i4, <U)");
        };
        return new Header(dtype, order, dtype == NpyDtype.UNICODE ? Integer.parseInt(type.group(3)) : 1, shape);
    }

    /** Reads one array; does not close {@code in}. Floats are converted chunk by chunk, never buffered whole. */
    public static NpyArray read(InputStream in) throws IOException {
        Header header = readHeader(in);
        int[] shape = intShape(header.shape());
        int count = elementCount(shape);
        ByteOrder order = header.order();
        return switch (header.dtype()) {
            case FLOAT32 -> NpyArray.float32(readFloats(in, count, false, order), shape);
            case FLOAT16 -> NpyArray.float16(readFloats(in, count, true, order), shape);
            case INT64 -> {
                long[] values = new long[count];
                readData(in, count, 8, order).asLongBuffer().get(values);
                yield NpyArray.int64(values, shape);
            }
            case INT32 -> {
                int[] values = new int[count];
                readData(in, count, 4, order).asIntBuffer().get(values);
                yield NpyArray.int32(values, shape);
            }
            case UNICODE -> NpyArray.unicode(readStrings(in, count, header.unicodeWidth(), order), shape);
        };
    }

    private static float[] readFloats(InputStream in, int count, boolean half, ByteOrder order) throws IOException {
        float[] values = new float[count];
        int elementBytes = half ? 2 : 4;
        byte[] chunk = new byte[CHUNK_BYTES];
        ByteBuffer view = ByteBuffer.wrap(chunk).order(order);
        for (int at = 0; at < count; ) {
            int n = Math.min(count - at, CHUNK_BYTES / elementBytes);
            int got = in.readNBytes(chunk, 0, n * elementBytes);
            if (got != n * elementBytes) {
                throw new EOFException(".npy file truncated in its data: expected " + (long) count * elementBytes
                        + " bytes, got " + ((long) at * elementBytes + got));
            }
            view.clear();
            if (half) {
                for (int i = 0; i < n; i++) {
                    values[at + i] = Float16.toFloat(view.getShort());
                }
            } else {
                view.asFloatBuffer().get(values, at, n);
            }
            at += n;
        }
        return values;
    }

    private static int[] intShape(long[] shape) throws IOException {
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > Integer.MAX_VALUE) {
                throw new IOException(".npy dimension " + shape[i] + " is too large for one Java array");
            }
            out[i] = (int) shape[i];
        }
        return out;
    }

    /** The header exactly as numpy 2.x writes it: dict text, growth space, padding to 64, newline. */
    static byte[] header(String descr, int[] shape) {
        return header(descr, Arrays.stream(shape).asLongStream().toArray());
    }

    /**
     * The same header for a shape given in longs. Its length does not depend on the first dimension
     * (numpy's growth space absorbs up to 21 digits), so a file can be written with a placeholder row
     * count and its header rewritten in place once the count is known.
     */
    static byte[] header(String descr, long[] shape) {
        StringBuilder dict = new StringBuilder()
                .append("{'descr': '").append(descr)
                .append("', 'fortran_order': False, 'shape': ").append(shapeRepr(shape)).append(", }");
        dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
        // numpy's rule: always pad, a full block when already aligned
        int padding = ALIGNMENT - ((MAGIC.length + 2 + 2 + dict.length() + 1) % ALIGNMENT);
        dict.append(" ".repeat(padding)).append('\n');

        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer header = ByteBuffer.allocate(MAGIC.length + 2 + 2 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return header.array();
    }

    /** Python's repr of a shape tuple: {@code (3,)}, {@code (2, 3)}. */
    private static String shapeRepr(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder repr = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            repr.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return repr.append(')').toString();
    }

    private static long[] parseShape(String tuple) throws IOException {
        String[] parts = Arrays.stream(tuple.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toArray(String[]::new);
        if (parts.length < 1 || parts.length > 3) {
            throw new IOException(".npy array of shape (" + tuple + ") is not supported: only 1-D to 3-D");
        }
        long[] shape = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                shape[i] = Long.parseLong(parts[i].replace("L", ""));
            } catch (NumberFormatException e) {
                throw new IOException(".npy shape (" + tuple + ") has a dimension that is not a number: " + parts[i]);
            }
            if (shape[i] < 0) {
                throw new IOException(".npy shape (" + tuple + ") has a negative dimension");
            }
        }
        return shape;
    }

    private static int elementCount(int[] shape) throws IOException {
        long count = 1;
        for (int dimension : shape) {
            count *= dimension;
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new IOException(".npy array of shape " + Arrays.toString(shape) + " is too large for one Java array");
        }
        return (int) count;
    }

    /** numpy's {@code <U} width: the longest string in characters (code points), at least 1. */
    private static int unicodeWidth(String[] strings) {
        int width = 1;
        for (String s : strings) {
            width = Math.max(width, s.codePointCount(0, s.length()));
        }
        return width;
    }

    private static String[] readStrings(InputStream in, int count, int width, ByteOrder order) throws IOException {
        ByteBuffer data = readData(in, count, 4 * width, order);
        String[] strings = new String[count];
        int[] codePoints = new int[width];
        for (int i = 0; i < count; i++) {
            data.asIntBuffer().get(codePoints);
            data.position(data.position() + 4 * width);
            int length = width;
            while (length > 0 && codePoints[length - 1] == 0) {
                length--; // numpy pads with NULs and strips them on read
            }
            strings[i] = new String(codePoints, 0, length);
        }
        return strings;
    }

    private static ByteBuffer readData(InputStream in, int count, int elementBytes, ByteOrder order) throws IOException {
        long bytes = (long) count * elementBytes;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IOException(".npy data of " + bytes + " bytes is too large to read into memory at once");
        }
        return ByteBuffer.wrap(readExactly(in, (int) bytes, "data")).order(order);
    }

    private static byte[] readExactly(InputStream in, int length, String what) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException(".npy file truncated in its " + what + ": expected " + length + " bytes, got " + bytes.length);
        }
        return bytes;
    }

    private static String find(Pattern pattern, String header, String key) throws IOException {
        Matcher matcher = pattern.matcher(header);
        if (!matcher.find()) {
            throw new IOException(".npy header has no '" + key + "': " + header.trim());
        }
        return matcher.group(1);
    }

    /** Buffers little-endian elements and writes them to the stream in 64 KiB chunks. */
    private static final class ElementWriter {
        private final OutputStream out;
        private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);

        ElementWriter(OutputStream out) {
            this.out = out;
        }

        /** The buffer, with room for {@code bytes} more. */
        ByteBuffer buffer(int bytes) throws IOException {
            if (buffer.remaining() < bytes) {
                flush();
            }
            return buffer;
        }

        void flush() throws IOException {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
    }
}
