package dev.plmlab.forge.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * An unpickler for untrusted checkpoints. A pickle can call any importable Python callable; here every
 * GLOBAL is resolved against a short allow-list of what torch checkpoints need and anything else is
 * rejected before it is used. Opcodes that reach objects by other routes (INST, OBJ, the copyreg extension
 * registry, out-of-band buffers) are rejected too. Length-prefixed values are checked against the bytes
 * left in the input so a forged length cannot make it allocate gigabytes.
 *
 * <p>Tensors come back as {@link TensorRef}s and storages as {@link StorageRef}s: nothing is read from the
 * storages here.
 */
final class SafeUnpickler extends Unpickler {

    private final Map<String, StorageRef> storages = new LinkedHashMap<>();
    private final CountingInput counted;

    private SafeUnpickler(CountingInput counted) {
        this.counted = counted;
    }

    /**
     * Reads one pickle from {@code in}, which holds at most {@code limit} more bytes. Leaves {@code in}
     * positioned right after the pickle's STOP, so a stream of pickles can be read one after another.
     */
    static Result load(InputStream in, long limit) throws IOException {
        CountingInput counted = new CountingInput(in, limit);
        SafeUnpickler unpickler = new SafeUnpickler(counted);
        Object root;
        try {
            root = unpickler.load(counted);
        } catch (StackOverflowError e) {
            // hashing or comparing a deeply nested container (e.g. a list as a dict key) recurses; the
            // unpickler itself does not, so the stack unwinds to here with nothing half-built kept
            throw new PickleException(tooDeep());
        }
        checkDepth(root);
        return new Result(root, Collections.unmodifiableMap(unpickler.storages));
    }

    /**
     * Containers may nest at most this deep: a checkpoint is a dict of configs and state dicts a few levels
     * deep, and deeper (or cyclic) objects would overflow the stack of whatever walks them later (toString,
     * hashCode, the layout's checks).
     */
    static final int MAX_DEPTH = 100;

    private static String tooDeep() {
        return "the pickle's objects are nested deeper than " + MAX_DEPTH + " levels (or hold themselves):"
                + " not a checkpoint";
    }

    /** Walks the object graph without recursion; each container is visited again only at a greater depth. */
    private static void checkDepth(Object root) {
        java.util.IdentityHashMap<Object, Integer> deepest = new java.util.IdentityHashMap<>();
        java.util.ArrayDeque<Object[]> todo = new java.util.ArrayDeque<>();
        todo.push(new Object[] {root, 1});
        while (!todo.isEmpty()) {
            Object[] next = todo.pop();
            Object value = next[0];
            int depth = (Integer) next[1];
            java.util.Collection<?> children;
            if (value instanceof Map<?, ?> map) {
                List<Object> both = new java.util.ArrayList<>(map.size() * 2);
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    both.add(e.getKey());
                    both.add(e.getValue());
                }
                children = both;
            } else if (value instanceof java.util.Collection<?> collection) {
                children = collection;
            } else if (value instanceof Object[] array) {
                children = java.util.Arrays.asList(array);
            } else if (value instanceof PickledNamespace namespace) {
                children = namespace.attributes().values();
            } else {
                continue;
            }
            if (depth > MAX_DEPTH) {
                throw new PickleException(tooDeep());
            }
            Integer seen = deepest.get(value);
            if (seen != null && seen >= depth) {
                continue;
            }
            deepest.put(value, depth);
            for (Object child : children) {
                todo.push(new Object[] {child, depth + 1});
            }
        }
    }

    /** The object a pickle holds and the storages it referenced, by key in first-use order. */
    record Result(Object root, Map<String, StorageRef> storages) {
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolveGlobal(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new PickleException("STACK_GLOBAL needs two strings, got " + module + " and " + name);
                }
                stack.add(resolveGlobal(m, n));
            }
            case Opcodes.INST, Opcodes.OBJ, Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4,
                    Opcodes.NEXT_BUFFER, Opcodes.READONLY_BUFFER ->
                    throw new PickleException("forbidden pickle opcode 0x" + Integer.toHexString(key)
                            + " (checkpoints never need it)");
            case Opcodes.BUILD -> build();
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.DICT -> stack.add(pairsToMap(stack.pop_all_since_marker()));
            case Opcodes.BINUNICODE -> stack.add(new String(readBytes(readUnsignedLength(4)), StandardCharsets.UTF_8));
            case Opcodes.BINUNICODE8 -> stack.add(new String(readBytes(readUnsignedLength(8)), StandardCharsets.UTF_8));
            case Opcodes.BINBYTES -> stack.add(readBytes(readUnsignedLength(4)));
            case Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> stack.add(readBytes(readUnsignedLength(8)));
            case Opcodes.BINSTRING -> stack.add(PickleUtils.rawStringFromBytes(readBytes(readUnsignedLength(4))));
            case Opcodes.LONG4 -> stack.add(PickleUtils.decode_long(readBytes(readUnsignedLength(4))));
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    private static IObjectConstructor resolveGlobal(String module, String name) {
        switch (module + "." + name) {
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> {
                return SafeUnpickler::rebuildTensor;
            }
            case "torch._utils._rebuild_parameter" -> {
                return SafeUnpickler::rebuildParameter;
            }
            case "collections.OrderedDict" -> {
                return SafeUnpickler::orderedDict;
            }
            case "argparse.Namespace" -> {
                return args -> {
                    if (args.length != 0) {
                        throw new PickleException("argparse.Namespace is pickled with no arguments, got " + args.length);
                    }
                    return new PickledNamespace();
                };
            }
            default -> {
                if (module.equals("torch")) {
                    StorageType type = StorageType.forClassName(name).orElse(null);
                    if (type != null) {
                        return type;
                    }
                }
                throw new ForbiddenGlobalException(module, name);
            }
        }
    }

    /** {@code _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])}. */
    private static Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof StorageRef storage)) {
            throw new PickleException("_rebuild_tensor expects (storage, offset, size, stride, ...), got "
                    + args.length + " arguments");
        }
        long offset = toLong(args[1], "storage offset");
        long[] shape = toLongs(args[2], "size");
        long[] stride = toLongs(args[3], "stride");
        if (shape.length != stride.length) {
            throw new PickleException("tensor size has " + shape.length + " dims but stride has " + stride.length);
        }
        return new TensorRef(storage, offset, shape, stride);
    }

    /** {@code _rebuild_parameter(data, requires_grad, hooks)}: a Parameter is its data here. */
    private static Object rebuildParameter(Object[] args) {
        if (args.length < 1 || !(args[0] instanceof TensorRef tensor)) {
            throw new PickleException("_rebuild_parameter expects a tensor as first argument");
        }
        return tensor;
    }

    /** {@code OrderedDict()} or {@code OrderedDict([(k, v), ...])}; items usually follow via SETITEMS. */
    private static Object orderedDict(Object[] args) {
        Map<Object, Object> map = new LinkedHashMap<>();
        if (args.length == 1 && args[0] instanceof List<?> items) {
            for (Object item : items) {
                if (!(item instanceof Object[] pair) || pair.length != 2) {
                    throw new PickleException("OrderedDict items must be pairs");
                }
                map.put(pair[0], pair[1]);
            }
        } else if (args.length != 0) {
            throw new PickleException("unexpected OrderedDict arguments (" + args.length + ")");
        }
        return map;
    }

    private void build() {
        Object state = stack.pop();
        Object target = stack.peek();
        if (target instanceof PickledNamespace namespace && state instanceof Map<?, ?> attributes) {
            namespace.setState(attributes);
        } else if (target instanceof Map<?, ?> && state instanceof Map<?, ?>) {
            // an OrderedDict's instance attributes (a state dict's _metadata): versions only, not needed
        } else {
            throw new PickleException("BUILD on " + describe(target) + " with " + describe(state) + " is not allowed");
        }
    }

    @Override
    protected Object persistentLoad(Object pid) {
        // torch: ('storage', storage_type, key, location, numel) in zip files; legacy files add view_metadata
        if (!(pid instanceof Object[] t) || t.length < 5 || !"storage".equals(t[0])) {
            throw new PickleException("unsupported persistent id " + describe(pid));
        }
        if (!(t[1] instanceof StorageType type)) {
            throw new PickleException("persistent id names storage type " + describe(t[1]) + ", not a torch storage class");
        }
        if (t.length > 5 && t[5] != null) {
            throw new PickleException("storage views (torch < 0.4 files) are not supported");
        }
        String storageKey = String.valueOf(t[2]);
        long numel = toLong(t[4], "storage size");
        StorageRef existing = storages.get(storageKey);
        if (existing != null) {
            if (existing.type() != type || existing.numel() != numel) {
                throw new PickleException("storage " + storageKey + " is declared twice with different type or size");
            }
            return existing;
        }
        StorageRef storage = new StorageRef(storageKey, type, numel);
        storages.put(storageKey, storage);
        return storage;
    }

    private long readUnsignedLength(int bytes) throws IOException {
        byte[] raw = PickleUtils.readbytes(input, bytes);
        long length = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            length = (length << 8) | (raw[i] & 0xff);
        }
        if (length < 0 || length > counted.remaining()) {
            throw new PickleException("pickle value claims " + Long.toUnsignedString(length) + " bytes but only "
                    + counted.remaining() + " remain (truncated or corrupt)");
        }
        return length;
    }

    private byte[] readBytes(long length) throws IOException {
        return PickleUtils.readbytes(input, Math.toIntExact(length));
    }

    private static Map<Object, Object> pairsToMap(List<Object> flat) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(flat.get(i), flat.get(i + 1));
        }
        return map;
    }

    private static long toLong(Object value, String what) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw new PickleException(what + " must be an integer, got " + describe(value));
    }

    private static long[] toLongs(Object value, String what) {
        if (!(value instanceof Object[] items)) {
            throw new PickleException(what + " must be a tuple, got " + describe(value));
        }
        long[] out = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = toLong(items[i], what);
        }
        return out;
    }

    private static String describe(Object value) {
        return value == null ? "None" : value.getClass().getSimpleName();
    }

    /** A GLOBAL outside the allow-list; the message names the Python object. */
    static final class ForbiddenGlobalException extends PickleException {
        private final String qualifiedName;

        ForbiddenGlobalException(String module, String name) {
            super("refusing to load Python global '" + module + "." + name
                    + "': not one of the classes torch checkpoints need (possible malicious pickle)");
            this.qualifiedName = module + "." + name;
        }

        String qualifiedName() {
            return qualifiedName;
        }
    }
}
