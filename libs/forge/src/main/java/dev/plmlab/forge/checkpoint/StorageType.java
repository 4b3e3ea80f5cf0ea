package dev.plmlab.forge.checkpoint;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;

import dev.plmlab.model.numeric.Float16;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;

/**
 * The element type of a torch storage, named by its legacy storage class ({@code torch.FloatStorage} ...).
 * Every type converts to float32 because {@link Tensor} is float32 only; integer and bool storages only
 * occur in weights as buffers, where the conversion is exact for the values they hold.
 *
 * <p>It implements {@link IObjectConstructor} only so that the unpickler can place it on its stack as the
 * value of a GLOBAL; calling it (as a malicious pickle might) is refused.
 */
enum StorageType implements IObjectConstructor {
    FLOAT("FloatStorage", 4),
    HALF("HalfStorage", 2),
    BFLOAT16("BFloat16Storage", 2),
    DOUBLE("DoubleStorage", 8),
    LONG("LongStorage", 8),
    INT("IntStorage", 4),
    SHORT("ShortStorage", 2),
    CHAR("CharStorage", 1),
    BYTE("ByteStorage", 1),
    BOOL("BoolStorage", 1);

    private static final Map<String, StorageType> BY_CLASS_NAME = Map.ofEntries(
            java.util.Arrays.stream(values()).map(t -> Map.entry(t.className, t)).toArray(Map.Entry[]::new));

    private final String className;
    private final int elementSize;

    StorageType(String className, int elementSize) {
        this.className = className;
        this.elementSize = elementSize;
    }

    /** The storage type for a class name in module {@code torch}, if it is one plmlab reads. */
    static Optional<StorageType> forClassName(String name) {
        return Optional.ofNullable(BY_CLASS_NAME.get(name));
    }

    String className() {
        return className;
    }

    int elementSize() {
        return elementSize;
    }

    /** Reads element {@code index} (in elements, not bytes) of a storage as float32. */
    float get(ByteBuffer storage, long index) {
        return getAt(storage, Math.toIntExact(index * elementSize));
    }

    /** Reads the element starting at byte {@code at} of {@code bytes} as float32. */
    float getAt(ByteBuffer bytes, int at) {
        return switch (this) {
            case FLOAT -> bytes.getFloat(at);
            case HALF -> Float16.toFloat(bytes.getShort(at));
            // bfloat16 is the upper half of a float32
            case BFLOAT16 -> Float.intBitsToFloat((bytes.getShort(at) & 0xffff) << 16);
            case DOUBLE -> (float) bytes.getDouble(at);
            case LONG -> (float) bytes.getLong(at);
            case INT -> (float) bytes.getInt(at);
            case SHORT -> bytes.getShort(at);
            case CHAR -> bytes.get(at);
            case BYTE -> bytes.get(at) & 0xff;
            case BOOL -> bytes.get(at) != 0 ? 1f : 0f;
        };
    }

    @Override
    public Object construct(Object[] args) {
        throw new PickleException("torch." + className + " may only appear as a storage type, not be called");
    }
}
