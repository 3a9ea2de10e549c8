package dev.aeromq.codec;

import dev.aeromq.codec.sbe.BooleanType;
import dev.aeromq.codec.sbe.FanOutKind;
import dev.aeromq.codec.sbe.WelcomeDecoder;

/**
 * What a PUB binder's Welcome says about the one stream it shares among its SUBs (the fan-out): how to
 * reach it, which image is the PUB's, and from where on the SUB may deliver.
 *
 * @param kind        how the stream is shared; {@link FanOutKind#NONE}: the PUB sends on the link itself.
 * @param lossless    true if the PUB waits for slow SUBs: a SUB without room leaves messages in the stream.
 * @param streamId    the shared stream's id.
 * @param sessionId   the Aeron session id of the PUB's publication on it.
 * @param controlPort MDC: the UDP port of its control endpoint on the host the SUB dialled; else 0.
 * @param position    the stream's position when the Welcome went out: nothing before it is delivered.
 */
public record FanOutOffer(
    FanOutKind kind, boolean lossless, int streamId, int sessionId, int controlPort, long position)
{
    /** No shared stream: the PUB sends to this SUB on the link. */
    public static final FanOutOffer NONE = new FanOutOffer(FanOutKind.NONE, false, 0, 0, 0, 0);

    /**
     * @param welcome a validated Welcome.
     * @return what it offers.
     */
    public static FanOutOffer of(final WelcomeDecoder welcome)
    {
        final FanOutKind kind = welcome.fanOutKind();
        if (kind == FanOutKind.NONE || kind == FanOutKind.NULL_VAL)
        {
            return NONE;
        }
        return new FanOutOffer(kind, welcome.fanOutLossless() == BooleanType.TRUE, welcome.fanOutStreamId(),
            welcome.fanOutSessionId(), welcome.fanOutControlPort(), welcome.fanOutPosition());
    }

    /**
     * @return true if there is a shared stream to read.
     */
    public boolean isShared()
    {
        return kind != FanOutKind.NONE;
    }
}
