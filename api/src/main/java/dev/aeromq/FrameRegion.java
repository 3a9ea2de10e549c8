package dev.aeromq;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One frame over a region of a caller's buffer, reused per thread, so sending from a buffer region
 * builds no {@link Message} and allocates nothing (on a platform thread, after its first send).
 */
final class FrameRegion
{
    private static final ThreadLocal<FrameRegion> REGIONS = ThreadLocal.withInitial(FrameRegion::new);

    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final DirectBuffer[] frames = { view };

    /**
     * @param buffer holding the frame.
     * @param offset where it starts.
     * @param length of it.
     * @return this thread's region, wrapped over it.
     */
    static FrameRegion of(final DirectBuffer buffer, final int offset, final int length)
    {
        final FrameRegion region = REGIONS.get();
        region.view.wrap(buffer, offset, length);
        return region;
    }

    DirectBuffer[] frames()
    {
        return frames;
    }

    /**
     * Forget the caller's buffer once the send is done.
     */
    void clear()
    {
        view.wrap(0, 0);
    }
}
