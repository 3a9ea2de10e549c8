package dev.aeromq;

/**
 * The ZeroMQ pattern role of a socket. Only matching roles may connect: REQ with REP, PUB with SUB,
 * PUSH with PULL, PAIR with PAIR.
 */
public enum SocketType
{
    /** Requester: sends a request, then receives its reply. */
    REQ,
    /** Replier: receives a request, then sends its reply to that requester. */
    REP,
    /** Publisher: sends topic-tagged messages to every matching subscriber. */
    PUB,
    /** Subscriber: receives the messages whose topic starts with one of its prefixes. */
    SUB,
    /** Pipeline source: spreads messages round-robin over its PULL peers. */
    PUSH,
    /** Pipeline sink: fair-queues messages from all its PUSH peers. */
    PULL,
    /** Exclusive two-way link with exactly one other PAIR. */
    PAIR;

    /**
     * @return the socket type this one connects to.
     */
    public SocketType peer()
    {
        return switch (this)
        {
            case REQ -> REP;
            case REP -> REQ;
            case PUB -> SUB;
            case SUB -> PUB;
            case PUSH -> PULL;
            case PULL -> PUSH;
            case PAIR -> PAIR;
        };
    }
}
