package dev.trader.app;

import picocli.CommandLine.Option;

/** {@code --force} of the commands that write a run directory ({@code --out}); docs/architecture.md "Output directories". */
final class ForceOption
{
    @Option(names = "--force", description = "replace --out even when it holds something trader did not write as a run "
        + "(a recording, an import, your files); never the journal being read")
    boolean force;
}
