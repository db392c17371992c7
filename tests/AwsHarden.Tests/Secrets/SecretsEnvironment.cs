namespace AwsHarden.Tests.Secrets;

/// <summary>
/// Tests that point the SDK at a fake endpoint change process-wide environment variables, so they share
/// this collection and never run at the same time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SecretsEnvironment
{
    public const string Name = "secrets-environment";

    /// <summary>Sets the variables for the lifetime of the returned scope, restoring the old values after.</summary>
    public static IDisposable Set(params (string Name, string? Value)[] variables)
    {
        var previous = variables.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name))).ToList();
        foreach (var (name, value) in variables)
            Environment.SetEnvironmentVariable(name, value);
        return new Restore(previous);
    }

    private sealed class Restore(List<(string Name, string? Value)> previous) : IDisposable
    {
        public void Dispose()
        {
            foreach (var (name, value) in previous)
                Environment.SetEnvironmentVariable(name, value);
        }
    }
}
