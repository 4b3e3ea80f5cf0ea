package dev.plmlab.science.data.tape;

import dev.plmlab.science.data.DatasetException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * An unpickler for TAPE's LMDB records, which are untrusted input: a pickle may name any
 * importable Python callable. Only what the records hold is allowed — dicts, lists, tuples,
 * strings, bytes, numbers, booleans, None, and numpy arrays and scalars of numbers or booleans
 * ({@code numpy.core.multiarray._reconstruct}, {@code numpy.ndarray}, {@code numpy.dtype},
 * {@code numpy.core.multiarray.scalar}; numpy 2 spells the module {@code numpy._core}).
 * Every other global, and every opcode that reaches objects another way (INST, OBJ, NEWOBJ, the
 * extension registry, persistent ids, out-of-band buffers), is refused before anything is built.
 * Length-prefixed values are checked against the bytes the record has, so a forged length cannot
 * make it allocate more than the record's size.
 */
public final class TapeUnpickler extends Unpickler {
    private final ByteArrayInputStream bytes;

    private TapeUnpickler(ByteArrayInputStream bytes) {
        this.bytes = bytes;
    }

    /**
     * The object pickled in {@code value}; {@code record} names it in errors (e.g.
     * {@code secondary_structure_train.lmdb key 17}).
     */
    public static Object load(byte[] value, String record) {
        ByteArrayInputStream in = new ByteArrayInputStream(value);
        try {
            return new TapeUnpickler(in).load(in);
        } catch (PickleException | IllegalArgumentException | IOException | ClassCastException e) {
            throw new DatasetException(record + ": refused or unreadable pickle: " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            // hashing a deeply nested container (a list as a dict key) recurses; the unpickler does not
            throw new DatasetException(record + ": refused pickle: its objects are nested too deeply (or hold themselves)");
        }
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(allowed(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new PickleException("STACK_GLOBAL needs two strings");
                }
                stack.add(allowed(m, n));
            }
            case Opcodes.INST, Opcodes.OBJ, Opcodes.NEWOBJ, Opcodes.NEWOBJ_EX, Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4,
                    Opcodes.PERSID, Opcodes.BINPERSID, Opcodes.NEXT_BUFFER, Opcodes.READONLY_BUFFER ->
                    throw new PickleException("forbidden pickle opcode 0x" + Integer.toHexString(key)
                            + " (TAPE records never need it)");
            case Opcodes.BUILD -> build();
            case Opcodes.BINUNICODE -> stack.add(new String(read(length(4)), StandardCharsets.UTF_8));
            case Opcodes.BINUNICODE8 -> stack.add(new String(read(length(8)), StandardCharsets.UTF_8));
            case Opcodes.BINBYTES -> stack.add(read(length(4)));
            case Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> stack.add(read(length(8)));
            case Opcodes.BINSTRING -> stack.add(PickleUtils.rawStringFromBytes(read(length(4))));
            case Opcodes.LONG4 -> stack.add(PickleUtils.decode_long(read(length(4))));
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    private static IObjectConstructor allowed(String module, String name) {
        boolean numpyCore = module.equals("numpy.core.multiarray") || module.equals("numpy._core.multiarray");
        if (numpyCore && name.equals("_reconstruct")) {
            return TapeUnpickler::reconstruct;
        }
        if (numpyCore && name.equals("scalar")) {
            return TapeUnpickler::scalar;
        }
        if (module.equals("numpy") && name.equals("ndarray")) {
            return args -> {
                throw new PickleException("numpy.ndarray may only be passed to _reconstruct");
            };
        }
        if (module.equals("numpy") && name.equals("dtype")) {
            return TapeUnpickler::dtype;
        }
        if (module.equals("_codecs") && name.equals("encode")) {
            return TapeUnpickler::latin1;
        }
        throw new PickleException("refusing Python global '" + module + "." + name
                + "': TAPE records hold only dicts, lists, strings, numbers and numpy arrays (possible malicious pickle)");
    }

    /** {@code _reconstruct(numpy.ndarray, (0,), b'b')}: an empty array that BUILD fills. */
    private static Object reconstruct(Object[] args) {
        if (args.length != 3 || !(args[0] instanceof IObjectConstructor)) {
            throw new PickleException("_reconstruct expects (numpy.ndarray, shape, typecode)");
        }
        return new NumpyArray();
    }

    /** {@code dtype('i8', False, True)}; its byte order comes with BUILD. */
    private static Object dtype(Object[] args) {
        if (args.length < 1 || !(args[0] instanceof String descriptor)) {
            throw new PickleException("numpy.dtype expects a type descriptor string");
        }
        return new NumpyDtype(descriptor);
    }

    /** {@code scalar(dtype, raw bytes)}: a numpy number, returned as a Java number. */
    private static Object scalar(Object[] args) {
        if (args.length != 2 || !(args[0] instanceof NumpyDtype type) || !(args[1] instanceof byte[] raw)) {
            throw new PickleException("numpy scalar expects (dtype, raw bytes)");
        }
        NumpyArray one = new NumpyArray();
        one.setState(new Object[] {1, new Object[] {1}, type, false, raw});
        double value = one.get(0);
        return type.kind() == 'f' ? (Object) value : (Object) (long) value;
    }

    /** Protocol 2 spells bytes as {@code _codecs.encode(text, 'latin1')}. */
    private static Object latin1(Object[] args) {
        if (args.length != 2 || !(args[0] instanceof String text) || !"latin1".equals(args[1])) {
            throw new PickleException("_codecs.encode is allowed only as (text, 'latin1')");
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void build() {
        Object state = stack.pop();
        Object target = stack.peek();
        if (target instanceof NumpyArray array && state instanceof Object[] s) {
            array.setState(s);
        } else if (target instanceof NumpyDtype type && state instanceof Object[] s) {
            type.setState(s);
        } else {
            throw new PickleException("BUILD on " + describe(target) + " is not allowed");
        }
    }

    private long length(int size) throws IOException {
        byte[] raw = PickleUtils.readbytes(input, size);
        long length = 0;
        for (int i = size - 1; i >= 0; i--) {
            length = (length << 8) | (raw[i] & 0xff);
        }
        if (length < 0 || length > bytes.available()) {
            throw new PickleException("a value claims " + Long.toUnsignedString(length) + " bytes but only "
                    + bytes.available() + " remain (truncated or corrupt record)");
        }
        return length;
    }

    private byte[] read(long length) throws IOException {
        return PickleUtils.readbytes(input, (int) length);
    }

    private static String describe(Object value) {
        return value == null ? "None" : value.getClass().getSimpleName();
    }
}
