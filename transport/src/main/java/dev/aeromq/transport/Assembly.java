package dev.aeromq.transport;

import org.agrona.MutableDirectBuffer;

/**
 * A socket's answer to an arriving message's header, and then the message as it is placed: where
 * each part's bytes go (each frame's, then each tensor's data), and what happens when the last byte
 * is in or the message is cut short.
 * <p>
 * Three answers place nothing: {@link #DROP} (the socket does not want it: filtered, stale, too
 * large), {@link #NOT_NOW} (the socket is full: leave it in the log buffer, which pushes back on the
 * sender) and {@link #DONE} (the socket took it whole, in place, during the call). Any other
 * answer is an assembly: the transport copies every byte of part {@code i} (frame {@code i}, or for
 * {@code i >= frameCount} the data of tensor {@code i - frameCount}) into {@link #frame(int)}, once,
 * then calls {@link #complete()}, or {@link #abandon()} if the message never completes.
 * <p>
 * Threads: made and used under the socket's duty lock.
 */
public interface Assembly
{
    /** The socket does not want the message: its bytes are read and forgotten. */
    Assembly DROP = Verdict.DROP;

    /** The socket is full: the message stays in the log buffer until it has room. */
    Assembly NOT_NOW = Verdict.NOT_NOW;

    /** The socket took the message whole, in place; nothing is left to place. */
    Assembly DONE = Verdict.DONE;

    /**
     * @param index of the part: a frame's index, or the frame count plus a tensor's.
     * @return where its bytes go, from index 0; capacity at least its length.
     */
    MutableDirectBuffer frame(int index);

    /**
     * Every byte of every frame is in place.
     */
    void complete();

    /**
     * The message will never complete: its sender gave up or went away, or it broke the protocol.
     * Nothing of it may be delivered.
     */
    void abandon();

    /**
     * The answers that place nothing.
     */
    enum Verdict implements Assembly
    {
        /** See {@link Assembly#DROP}. */
        DROP,
        /** See {@link Assembly#NOT_NOW}. */
        NOT_NOW,
        /** See {@link Assembly#DONE}. */
        DONE;

        @Override
        public MutableDirectBuffer frame(final int index)
        {
            throw new IllegalStateException(this + " places no frame");
        }

        @Override
        public void complete()
        {
        }

        @Override
        public void abandon()
        {
        }
    }
}
