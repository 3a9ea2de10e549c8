package dev.aeromq;

import dev.aeromq.codec.WireTensor;
import dev.aeromq.codec.sbe.TensorType;

/**
 * A tensor's element type. Every element is stored little-endian in {@link #byteSize()} bytes; the
 * names follow the usual short forms (NumPy's {@code bool}, {@code uint8} ... {@code float64},
 * PyTorch's {@code bfloat16}, {@code float8_e4m3fn}, {@code float8_e5m2}).
 */
public enum DType
{
    /** Boolean, one byte: 0 false, 1 true. */
    BOOL(TensorType.BOOL),
    /** Unsigned 8-bit integer. */
    U8(TensorType.U8),
    /** Signed 8-bit integer (two's complement). */
    I8(TensorType.I8),
    /** Unsigned 16-bit integer. */
    U16(TensorType.U16),
    /** Signed 16-bit integer. */
    I16(TensorType.I16),
    /** Unsigned 32-bit integer. */
    U32(TensorType.U32),
    /** Signed 32-bit integer. */
    I32(TensorType.I32),
    /** Unsigned 64-bit integer. */
    U64(TensorType.U64),
    /** Signed 64-bit integer. */
    I64(TensorType.I64),
    /** IEEE 754 half precision (binary16). */
    F16(TensorType.F16),
    /** bfloat16: the upper 16 bits of an IEEE 754 single. */
    BF16(TensorType.BF16),
    /** IEEE 754 single precision (binary32). */
    F32(TensorType.F32),
    /** IEEE 754 double precision (binary64). */
    F64(TensorType.F64),
    /** OCP 8-bit float E4M3 (the "FN" variant: no infinities). */
    F8_E4M3(TensorType.F8_E4M3),
    /** OCP 8-bit float E5M2. */
    F8_E5M2(TensorType.F8_E5M2);

    private static final DType[] BY_WIRE_VALUE = new DType[256];

    static
    {
        for (final DType type : values())
        {
            BY_WIRE_VALUE[type.wire.value()] = type;
        }
    }

    private final TensorType wire;
    private final int byteSize;

    DType(final TensorType wire)
    {
        this.wire = wire;
        this.byteSize = WireTensor.elementSize(wire);
    }

    /**
     * @return the bytes one element takes.
     */
    public int byteSize()
    {
        return byteSize;
    }

    TensorType wire()
    {
        return wire;
    }

    static DType of(final TensorType wire)
    {
        return BY_WIRE_VALUE[wire.value()];
    }
}
