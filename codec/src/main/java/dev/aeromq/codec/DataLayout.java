package dev.aeromq.codec;

import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.GroupSizeEncodingDecoder;
import dev.aeromq.codec.sbe.MessageHeaderDecoder;

/**
 * Where the parts of the last Data wire message a {@link WireReader} read lie — its frame entries, metadata,
 * tensors and topic — as the reader found them while walking it once, every length checked against the
 * wire message's bounds. {@link DataView} reads the parts there without walking again: this walk runs for
 * every message received, so it steps over what it need not decode (the fixed-size frame entries, empty
 * groups) rather than wrapping a decoder for it.
 * <p>
 * One per reader; not thread safe.
 */
final class DataLayout
{
    private static final int FRAME_ENTRY_LENGTH = DataDecoder.FramesDecoder.sbeBlockLength();
    private static final int VAR_HEADER_LENGTH = DataDecoder.topicHeaderLength();
    private static final int GROUP_HEADER_LENGTH = GroupSizeEncodingDecoder.ENCODED_LENGTH;

    private int framesOffset;
    private int frameCount;
    private int metadataOffset;
    private int metadataCount;
    private int tensorsOffset;
    private int tensorCount;
    private int topicOffset;
    private int topicLength;

    /**
     * Walk a Data wire message's SBE part and note where its parts lie.
     *
     * @param data        the reader's decoder, to be wrapped over the view.
     * @param bounds      the reader's bounded view.
     * @param blockLength the fixed block's, as checked.
     * @param version     the wire message's.
     * @return the length of the SBE part (the body follows it).
     * @throws MalformedWireMessageException if a length runs past the wire message.
     */
    int walk(final DataDecoder data, final WireBounds bounds, final int blockLength, final int version)
    {
        final int body = MessageHeaderDecoder.ENCODED_LENGTH;
        data.wrap(bounds.view(), body, blockLength, version);
        final int framesGroup = data.limit();
        frameCount = bounds.checkEntryBlock(framesGroup, FRAME_ENTRY_LENGTH);
        framesOffset = framesGroup + GROUP_HEADER_LENGTH;
        // entries of one fixed field: stepped over at once, DataView reads them where they lie
        data.limit(bounds.within(framesOffset + frameCount * FRAME_ENTRY_LENGTH));
        metadataOffset = data.limit();
        metadataCount = bounds.checkEntryBlock(metadataOffset, DataDecoder.MetadataDecoder.sbeBlockLength());
        if (metadataCount == 0)
        {
            data.limit(metadataOffset + GROUP_HEADER_LENGTH); // the usual case: no decoder to wrap
        }
        else
        {
            for (final DataDecoder.MetadataDecoder entry : data.metadata())
            {
                bounds.varAt(data.limit());
                bounds.nonNegative(entry.skipKey());
                bounds.within(data.limit());
                bounds.varAt(data.limit());
                bounds.nonNegative(entry.skipValue());
                bounds.within(data.limit());
            }
        }
        tensorsOffset = data.limit();
        walkTensors(data, bounds);
        bounds.varAt(data.limit());
        topicOffset = data.limit() + VAR_HEADER_LENGTH;
        topicLength = bounds.nonNegative(data.skipTopic());
        final int limit = bounds.within(data.limit());
        data.wrap(bounds.view(), body, blockLength, version);
        return limit;
    }

    /**
     * The tensors group: entries of a fixed block, a nested group of dimensions and a name each.
     */
    private void walkTensors(final DataDecoder data, final WireBounds bounds)
    {
        tensorCount = bounds.checkEntryBlock(tensorsOffset, DataDecoder.TensorsDecoder.sbeBlockLength());
        if (tensorCount == 0)
        {
            data.limit(tensorsOffset + GROUP_HEADER_LENGTH);
            return;
        }
        final DataDecoder.TensorsDecoder tensors = data.tensors();
        while (tensors.hasNext())
        {
            bounds.within(data.limit() + DataDecoder.TensorsDecoder.sbeBlockLength());
            tensors.next();
            bounds.checkEntryBlock(data.limit(), DataDecoder.TensorsDecoder.DimsDecoder.sbeBlockLength());
            final DataDecoder.TensorsDecoder.DimsDecoder dims = tensors.dims();
            bounds.within(data.limit() + dims.count() * DataDecoder.TensorsDecoder.DimsDecoder.sbeBlockLength());
            while (dims.hasNext())
            {
                dims.next();
            }
            bounds.varAt(data.limit());
            bounds.nonNegative(tensors.skipName());
            bounds.within(data.limit());
        }
    }

    /**
     * @return offset of the first frame entry (after the group's header).
     */
    int framesOffset()
    {
        return framesOffset;
    }

    int frameCount()
    {
        return frameCount;
    }

    /**
     * @return offset of the metadata group's header.
     */
    int metadataOffset()
    {
        return metadataOffset;
    }

    int metadataCount()
    {
        return metadataCount;
    }

    /**
     * @return offset of the tensors group's header.
     */
    int tensorsOffset()
    {
        return tensorsOffset;
    }

    int tensorCount()
    {
        return tensorCount;
    }

    /**
     * @return offset of the topic's bytes (after their length).
     */
    int topicOffset()
    {
        return topicOffset;
    }

    int topicLength()
    {
        return topicLength;
    }
}
