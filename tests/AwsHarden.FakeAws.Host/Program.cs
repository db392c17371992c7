// The fake AWS endpoint as a program, so a reader of the README can apply AwsHarden's plans without an AWS
// account: it serves one example account on 127.0.0.1 until stopped, writes the environment that points the
// CLI at it to a file, and prints every write call it answers. Test tooling: never shipped.
using AwsHarden.FakeAws;
using AwsHarden.FakeAws.Host;

var options = HostOptions.Parse(args);
if (options.Error is { } error)
{
    Console.Error.WriteLine($"fake-aws: {error}");
    Console.Error.WriteLine(HostOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(HostOptions.Usage);
    return 0;
}

var account = options.Example switch
{
    "incident" => FakeExamples.IncidentAccount(),
    "misconfigured" => FakeAccounts.Misconfigured(),
    _ => FakeAccounts.Healthy(),
};
if (options.Example == "incident")
{
    if (ExampleFolder.Find() is not { } folder)
    {
        Console.Error.WriteLine("fake-aws: examples/incident not found above the current folder; run it from the "
            + "project's folder (the trail bucket and event history are served from those files).");
        return 2;
    }

    FakeExamples.AddTrail(account, folder);
}

await using var server = await FakeAwsServer.StartAsync(account);
try
{
    EnvironmentFile.Write(options.EnvFile, server.ClientEnvironment());
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"fake-aws: cannot write {options.EnvFile}: {e.Message}");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        stop.Cancel();
    });

Console.Error.WriteLine($"fake-aws: the '{options.Example}' account {account.AccountId} on {server.Endpoint}");
Console.Error.WriteLine($"fake-aws: ready; in your shell: . {options.EnvFile}   (Ctrl+C here stops the fake)");
var printed = 0;
while (!stop.IsCancellationRequested)
{
    try
    {
        await Task.Delay(TimeSpan.FromMilliseconds(300), stop.Token);
    }
    catch (OperationCanceledException)
    {
    }

    var calls = server.Calls.Snapshot();
    foreach (var call in calls.Skip(printed).Where(c => options.Verbose || CallKinds.IsWrite(c.Operation)))
    {
        var outcome = call.ErrorCode ?? call.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Console.Error.WriteLine($"fake-aws: {call.IamAction} in {call.Region}: {outcome}");
    }

    printed = calls.Count;
}

var all = server.Calls.Snapshot();
Console.Error.WriteLine($"fake-aws: stopped after {all.Count} calls, {all.Count(c => CallKinds.IsWrite(c.Operation))}"
    + " of them writes.");
EnvironmentFile.Remove(options.EnvFile);
return 0;
