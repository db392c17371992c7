namespace AwsHarden.FakeAws.Host;

/// <summary>The host's command line: <c>[--example incident|healthy|misconfigured] [--env-file FILE] [-v]</c>.
/// </summary>
internal sealed record HostOptions(string Example, string EnvFile, bool Verbose, bool Help, string? Error)
{
    public const string Usage = """
        usage: dotnet run --project tests/AwsHarden.FakeAws.Host -- [--example incident|healthy|misconfigured]
                                                                   [--env-file FILE] [--verbose]
          --example   the account served (default incident: examples/incident as the attacker left it)
          --env-file  where the environment for the CLI is written (default ./fake-aws.env; removed on exit)
          --verbose   print every call, not only writes
        """;

    private static readonly string[] Examples = ["incident", "healthy", "misconfigured"];

    public static HostOptions Parse(IReadOnlyList<string> args)
    {
        var options = new HostOptions("incident", "fake-aws.env", Verbose: false, Help: false, Error: null);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    return options with { Help = true };
                case "-v" or "--verbose":
                    options = options with { Verbose = true };
                    break;
                case "--example" or "--env-file" when i + 1 >= args.Count || args[i + 1].StartsWith('-'):
                    return options with { Error = $"{args[i]} needs a value." };
                case "--example" when !Examples.Contains(args[i + 1]):
                    return options with
                    {
                        Error = $"unknown example '{args[i + 1]}'; choose {string.Join(", ", Examples)}.",
                    };
                case "--example":
                    options = options with { Example = args[++i] };
                    break;
                case "--env-file":
                    options = options with { EnvFile = args[++i] };
                    break;
                default:
                    return options with { Error = $"unknown argument '{args[i]}'." };
            }
        }

        return options;
    }
}

/// <summary>Finds examples/incident in the current folder or above it.</summary>
internal static class ExampleFolder
{
    public static string? Find()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "incident");
            if (Directory.Exists(Path.Combine(candidate, "AWSLogs")))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>Which operations change the fake account.</summary>
internal static class CallKinds
{
    private static readonly string[] WritePrefixes =
    [
        "Delete", "Detach", "Remove", "Deactivate", "Attach", "Create", "Put", "Update", "Terminate", "Revoke",
        "Authorize", "Run", "Import", "Cancel", "Deregister", "Modify", "Start", "Stop", "Enable", "Disable", "Add",
        "Subscribe", "Unsubscribe", "Associate", "Register", "Tag", "Untag", "Set",
    ];

    public static bool IsWrite(string operation) =>
        WritePrefixes.Any(p => operation.StartsWith(p, StringComparison.Ordinal)) && operation != "StartQueryExecution";
}

/// <summary>The shell file that points the CLI at the fake: <c>. FILE</c> then run awsharden.</summary>
internal static class EnvironmentFile
{
    public static void Write(string path, IReadOnlyDictionary<string, string> environment)
    {
        var lines = environment.OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => $"export {e.Key}='{e.Value.Replace("'", "'\\''", StringComparison.Ordinal)}'");
        var text = "# written by the fake AWS host; these keys work only against it\n"
            + "unset AWS_PROFILE AWS_SESSION_TOKEN\n" + string.Join('\n', lines) + "\n";
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, new System.Text.UTF8Encoding(false), options))
        {
            writer.Write(text);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public static void Remove(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
