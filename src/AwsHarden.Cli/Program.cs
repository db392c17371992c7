using System.Runtime.InteropServices;
using AwsHarden.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// A closed terminal (SIGHUP) or a job runner's stop (SIGTERM) ends the run as Ctrl-C does: between calls, with
// the journal consistent and the reserved journal file removed if nothing was written to it.
// A second signal, or a run that has not stopped ten seconds after the first, ends the process outright.
void Stop(PosixSignalContext context)
{
    if (cancel.IsCancellationRequested) return;
    context.Cancel = true;
    cancel.Cancel();
    var code = 128 + (context.Signal == PosixSignal.SIGTERM ? 15 : 1);
    _ = Task.Delay(TimeSpan.FromSeconds(10)).ContinueWith(_ => Environment.Exit(code), TaskScheduler.Default);
}
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

return await AwshardenApp.RunAsync(args, cancel.Token);
