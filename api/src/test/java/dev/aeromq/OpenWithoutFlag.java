package dev.aeromq;

/**
 * Run in a child JVM started without {@code --add-opens}: opens a communicator and prints how that
 * went, for {@link JvmFlagTest}.
 */
public final class OpenWithoutFlag
{
    private OpenWithoutFlag()
    {
    }

    /**
     * @param args none.
     */
    public static void main(final String[] args)
    {
        try (Communicator comm = Communicator.open())
        {
            System.out.println("opened " + comm.aeronDirectory());
        }
        catch (final Throwable ex)
        {
            System.out.println("threw " + ex.getClass().getName() + ": " + ex.getMessage());
        }
    }
}
