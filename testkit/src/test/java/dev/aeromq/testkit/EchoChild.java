package dev.aeromq.testkit;

/**
 * A child main for {@link ChildJvmTest}: says READY with its arguments, then answers each command.
 */
public final class EchoChild
{
    private EchoChild()
    {
    }

    /**
     * @param args echoed in the READY line.
     */
    public static void main(final String[] args)
    {
        ChildSide.run(EchoChild::serve);
    }

    private static void serve(final ChildSide side) throws Exception
    {
        side.say("READY " + String.join(" ", System.getProperty("echo.greeting", "-")));
        while (true)
        {
            final String command = side.nextCommand();
            switch (command)
            {
                case "fail" -> throw new IllegalStateException("asked to fail");
                case "exit" ->
                {
                    return;
                }
                default -> side.say("ECHO " + command);
            }
        }
    }
}
