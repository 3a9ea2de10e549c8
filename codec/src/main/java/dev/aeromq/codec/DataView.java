package dev.aeromq.codec;

import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.TensorType;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A Data wire message as the receiver sees it, read in place: correlation id, topic, metadata, each
 * frame's length, each tensor's name, type and shape and, for a message whose body is all there
 * ({@link #isWhole()}), where each part lies. Lets a socket decide (filter on the topic, match the
 * correlation id, place the frames and tensors) before anything is copied. A message longer than one
 * wire message carries only the start of its body here ({@link #bodyPresent()}); Chunks bring the rest.
 * <p>
 * The body's <em>parts</em> are its frames, then its tensors' data: part {@code i < frameCount()} is
 * frame {@code i}, part {@code frameCount() + t} is tensor {@code t}'s data. Reused: valid until the
 * next {@link #wrap}.
 */
public final class DataView
{
    private static final int DIM_LENGTH = DataDecoder.TensorsDecoder.DimsDecoder.sbeBlockLength();
    private static final int FRAME_ENTRY_LENGTH = DataDecoder.FramesDecoder.sbeBlockLength();
    private static final int FRAME_LENGTH_OFFSET = DataDecoder.FramesDecoder.lengthEncodingOffset();

    private DirectBuffer buffer;
    private long correlationId;
    private int frameCount;
    private int tensorCount;
    private int[] frameOffsets = new int[8]; // of every part: frames, then tensors' data
    private int[] frameLengths = new int[8];
    private TensorType[] tensorTypes = new TensorType[0];
    private int[] tensorRanks = new int[0];
    private int[] tensorDimsOffsets = new int[0];
    private int[] tensorNameOffsets = new int[0];
    private int[] tensorNameLengths = new int[0];
    private long bodyLength;
    private int bodyOffset;
    private int bodyPresent;
    private Map<String, String> metadata = Map.of();
    private int topicOffset;
    private int topicLength;

    /**
     * Read the Data wire message (or the start of one) the reader has just validated, and check that
     * it carries no more bytes than its frames and tensors add up to.
     *
     * @param reader positioned on a Data wire message.
     * @return this view.
     * @throws MalformedWireMessageException if a frame length is negative, a tensor is not what its type
     *                                       and shape say, or it carries too many bytes.
     */
    public DataView wrap(final WireReader reader)
    {
        final DataDecoder data = reader.data();
        buffer = reader.buffer();
        correlationId = data.correlationId();
        final DataLayout layout = reader.dataLayout();
        readFrameLengths(layout.framesOffset(), layout.frameCount());
        if (layout.metadataCount() == 0)
        {
            metadata = Map.of();
        }
        else
        {
            data.limit(layout.metadataOffset());
            metadata = readMetadata(data.metadata());
        }
        tensorCount = layout.tensorCount();
        if (tensorCount > 0)
        {
            data.limit(layout.tensorsOffset());
            bodyLength += readTensors(data, data.tensors());
        }
        topicLength = layout.topicLength();
        topicOffset = layout.topicOffset();
        data.sbeRewind(); // leave the reader's decoder at its fixed block, as the reader hands it out

        bodyOffset = reader.sbeLength();
        bodyPresent = buffer.capacity() - bodyOffset;
        if (bodyPresent > bodyLength)
        {
            throw new MalformedWireMessageException("Data wire message declares frames and tensors of " +
                bodyLength + " bytes in all but carries " + bodyPresent);
        }
        long cursor = bodyOffset;
        for (int i = 0; i < frameCount + tensorCount; i++)
        {
            frameOffsets[i] = cursor <= Integer.MAX_VALUE ? (int)cursor : -1;
            cursor += frameLengths[i];
        }
        return this;
    }

    /**
     * The frames' lengths, from the entries the reader walked (their bounds checked there).
     */
    private void readFrameLengths(final int entriesOffset, final int count)
    {
        frameCount = count;
        if (count > frameLengths.length)
        {
            final int capacity = Math.max(count, frameLengths.length * 2);
            frameLengths = new int[capacity];
            frameOffsets = new int[capacity];
        }
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            final int length = buffer.getInt(entriesOffset + i * FRAME_ENTRY_LENGTH + FRAME_LENGTH_OFFSET,
                ByteOrder.LITTLE_ENDIAN);
            if (length < 0)
            {
                throw new MalformedWireMessageException("Data wire message has a frame of negative length " + length);
            }
            frameLengths[i] = length;
            sum += length;
        }
        bodyLength = sum;
    }

    /**
     * Read and check each tensor's entry: a known type, a rank within bounds, no negative dimension, and
     * a data length that is exactly the elements times the element size (and fits an int).
     *
     * @return the bytes of the tensors' data together.
     */
    private long readTensors(final DataDecoder data, final DataDecoder.TensorsDecoder tensors)
    {
        tensorCount = tensors.count();
        ensureCapacity(frameCount + tensorCount);
        long sum = 0;
        for (int t = 0; t < tensorCount; t++)
        {
            tensors.next();
            final long dataLength = tensors.dataLength();
            final short code = tensors.dtypeRaw();
            if (code < TensorType.BOOL.value() || code > TensorType.F8_E5M2.value())
            {
                throw new MalformedWireMessageException("Data wire message has tensor " + t + " of unknown dtype " +
                    code);
            }
            final TensorType type = TensorType.get(code);
            final DataDecoder.TensorsDecoder.DimsDecoder dims = tensors.dims();
            final int rank = dims.count();
            if (rank > WireTensor.MAX_RANK)
            {
                throw new MalformedWireMessageException("Data wire message has tensor " + t + " of rank " + rank +
                    ", above the limit of " + WireTensor.MAX_RANK);
            }
            tensorDimsOffsets[t] = data.limit();
            final long elements = readDims(t, dims);
            tensorNameLengths[t] = tensors.nameLength();
            tensorNameOffsets[t] = data.limit() + DataDecoder.TensorsDecoder.nameHeaderLength();
            tensors.skipName();
            final long expected = Math.multiplyHigh(elements, WireTensor.elementSize(type)) != 0 ? -1 :
                elements * WireTensor.elementSize(type);
            if (dataLength != expected || dataLength > Integer.MAX_VALUE)
            {
                throw new MalformedWireMessageException("Data wire message has tensor '" + tensorName(t) + "' of " +
                    type + " and shape " + Arrays.toString(shape(t, rank)) + " with " + dataLength +
                    " bytes of data; " + (expected < 0 || expected > Integer.MAX_VALUE ?
                    "a tensor's data is at most " + Integer.MAX_VALUE + " bytes" : "its shape needs " + expected));
            }
            tensorTypes[t] = type;
            tensorRanks[t] = rank;
            frameLengths[frameCount + t] = (int)dataLength;
            sum += dataLength;
        }
        return sum;
    }

    private long readDims(final int t, final DataDecoder.TensorsDecoder.DimsDecoder dims)
    {
        long elements = 1;
        boolean empty = false;
        while (dims.hasNext())
        {
            final long size = dims.next().size();
            if (size < 0)
            {
                throw new MalformedWireMessageException("Data wire message has tensor " + t +
                    " with a negative dimension " + size);
            }
            empty |= size == 0;
            elements = Math.multiplyHigh(elements, size) != 0 || elements * size < 0 ? Long.MAX_VALUE :
                elements * size;
        }
        return empty ? 0 : elements; // Long.MAX_VALUE: more than any tensor can have
    }

    private void ensureCapacity(final int parts)
    {
        if (parts > frameLengths.length)
        {
            final int capacity = Math.max(parts, frameLengths.length * 2);
            frameLengths = Arrays.copyOf(frameLengths, capacity);
            frameOffsets = Arrays.copyOf(frameOffsets, capacity);
        }
        if (tensorCount > tensorRanks.length)
        {
            final int capacity = Math.max(tensorCount, tensorRanks.length * 2);
            tensorTypes = new TensorType[capacity];
            tensorRanks = new int[capacity];
            tensorDimsOffsets = new int[capacity];
            tensorNameOffsets = new int[capacity];
            tensorNameLengths = new int[capacity];
        }
    }

    private static Map<String, String> readMetadata(final DataDecoder.MetadataDecoder entries)
    {
        if (entries.count() == 0)
        {
            return Map.of();
        }
        final Map<String, String> map = new HashMap<>();
        for (final DataDecoder.MetadataDecoder entry : entries)
        {
            map.put(entry.key(), entry.value());
        }
        return Map.copyOf(map);
    }

    /**
     * @return the buffer the offsets refer to.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the sender's correlation id (REQ/REP), 0 otherwise.
     */
    public long correlationId()
    {
        return correlationId;
    }

    /**
     * @return the number of frames.
     */
    public int frameCount()
    {
        return frameCount;
    }

    /**
     * @return true if every frame's bytes are in this wire message; false if Chunks bring the rest.
     */
    public boolean isWhole()
    {
        return bodyPresent == bodyLength;
    }

    /**
     * @return where the frames' bytes start in {@link #buffer()}.
     */
    public int bodyOffset()
    {
        return bodyOffset;
    }

    /**
     * @return how many of the frames' bytes this wire message carries.
     */
    public int bodyPresent()
    {
        return bodyPresent;
    }

    /**
     * @param index of the frame.
     * @return where its bytes start in {@link #buffer()}; meaningful for the frames of a whole message,
     * and for a message that is not whole only for those that start among the bytes present (-1 where
     * the offset would not fit an int).
     */
    public int frameOffset(final int index)
    {
        return frameOffsets[index];
    }

    /**
     * @param index of the frame.
     * @return its length in bytes.
     */
    public int frameLength(final int index)
    {
        return frameLengths[index];
    }

    /**
     * @return the bytes of the body: all frames and all tensors' data together.
     */
    public long bodyLength()
    {
        return bodyLength;
    }

    /**
     * @return the number of tensors.
     */
    public int tensorCount()
    {
        return tensorCount;
    }

    /**
     * @param index of the tensor.
     * @return its element type.
     */
    public TensorType tensorType(final int index)
    {
        return tensorTypes[index];
    }

    /**
     * @param index of the tensor.
     * @return its name, decoded from UTF-8.
     */
    public String tensorName(final int index)
    {
        return buffer.getStringWithoutLengthUtf8(tensorNameOffsets[index], tensorNameLengths[index]);
    }

    /**
     * @param index of the tensor.
     * @return a new array of its dimensions, outermost first.
     */
    public long[] tensorShape(final int index)
    {
        return shape(index, tensorRanks[index]);
    }

    private long[] shape(final int index, final int rank)
    {
        final long[] shape = new long[rank];
        for (int d = 0; d < rank; d++)
        {
            shape[d] = buffer.getLong(tensorDimsOffsets[index] + d * DIM_LENGTH, ByteOrder.LITTLE_ENDIAN);
        }
        return shape;
    }

    /**
     * @param index of the tensor.
     * @return the length of its data in bytes.
     */
    public int tensorDataLength(final int index)
    {
        return frameLengths[frameCount + index];
    }

    /**
     * @param index  of the tensor.
     * @param memory where its data is (or will be) placed.
     * @param offset at which it starts there.
     * @return the tensor over that memory, with its name, type and shape.
     */
    public WireTensor tensor(final int index, final DirectBuffer memory, final int offset)
    {
        return new WireTensor(tensorName(index), tensorTypes[index], tensorShape(index), memory, offset,
            tensorDataLength(index));
    }

    /**
     * @return the body's parts: the frames, then the tensors' data.
     */
    public int partCount()
    {
        return frameCount + tensorCount;
    }

    /**
     * @param index of the part: a frame's index, or {@link #frameCount()} plus a tensor's.
     * @return its length in bytes.
     */
    public int partLength(final int index)
    {
        return frameLengths[index];
    }

    /**
     * @param index of the part.
     * @return where its bytes start in {@link #buffer()}, as {@link #frameOffset} says for a frame.
     */
    public int partOffset(final int index)
    {
        return frameOffsets[index];
    }

    /**
     * @return the metadata, empty when none; decoded once per wire message that has any.
     */
    public Map<String, String> metadata()
    {
        return metadata;
    }

    /**
     * @return offset in {@link #buffer()} of the topic's UTF-8 bytes.
     */
    public int topicOffset()
    {
        return topicOffset;
    }

    /**
     * @return length of the topic's UTF-8 bytes.
     */
    public int topicLength()
    {
        return topicLength;
    }

    /**
     * @param prefix a subscription prefix.
     * @return true if the topic starts with it, byte for byte.
     */
    public boolean topicStartsWith(final byte[] prefix)
    {
        if (prefix.length > topicLength)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (buffer.getByte(topicOffset + i) != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the topic decoded from UTF-8 ("" when none).
     */
    public String topic()
    {
        return topicLength == 0 ? "" : buffer.getStringWithoutLengthUtf8(topicOffset, topicLength);
    }

    /**
     * @param destination to copy the topic's bytes into, at index 0; at least {@link #topicLength()} long.
     */
    public void copyTopic(final byte[] destination)
    {
        buffer.getBytes(topicOffset, destination, 0, topicLength);
    }
}
