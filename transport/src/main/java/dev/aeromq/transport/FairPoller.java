package dev.aeromq.transport;

import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;

import java.util.function.Consumer;

/**
 * Polls a subscription's images in turn for one socket: one fragment each per pass when the socket
 * reads several images (so peers interleave: fair queuing), the whole budget when it reads just one.
 * Each poll starts one image further on, so no image is starved when the budget is smaller than the
 * number of images. Polling is controlled: a socket without room leaves a message in the log buffer
 * (its handler aborts the fragment), while control wire messages before it are still read. Reused,
 * so polling allocates nothing.
 */
final class FairPoller implements Consumer<Image>
{
    private ControlledFragmentHandler handler;
    private int share;
    private int budget;
    private int fragments;
    private int index;
    private int start;
    private int rotation;

    /**
     * @param subscription to poll.
     * @param handler      for its fragments.
     * @param limit        most fragments to take from this subscription in this pass.
     * @param soleStream   true if it is the socket's only stream.
     * @return fragments polled.
     */
    int poll(
        final Subscription subscription,
        final ControlledFragmentHandler handler,
        final int limit,
        final boolean soleStream)
    {
        final int images = subscription.imageCount();
        if (images == 0)
        {
            return 0;
        }
        this.handler = handler;
        budget = limit;
        share = images == 1 && soleStream ? budget : 1;
        fragments = 0;
        start = images == 1 ? 0 : Math.floorMod(rotation++, images);
        index = 0;
        subscription.forEachImage(this); // images from start to the end ...
        if (start > 0 && budget > 0)
        {
            start = -start;
            index = 0;
            subscription.forEachImage(this); // ... then those before it
        }
        return fragments;
    }

    @Override
    public void accept(final Image image)
    {
        final int i = index++;
        final boolean inTurn = start >= 0 ? i >= start : i < -start;
        if (inTurn && budget > 0)
        {
            final int polled = image.controlledPoll(handler, Math.min(share, budget));
            fragments += polled;
            budget -= polled;
        }
    }
}
