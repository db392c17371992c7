using AwsHarden.Audit.Collect;
using Spectre.Console;

namespace AwsHarden.Cli.Rendering;

/// <summary>Shows collection progress on stderr: a live status line on a terminal, plain lines otherwise.</summary>
public static class CollectProgressReporter
{
    public static async Task<T> RunAsync<T>(Func<IProgress<CollectProgress>, Task<T>> work)
    {
        if (!Consoles.ErrIsTerminal)
        {
            return await work(new PlainProgress());
        }

        return await Consoles.Err.Status().StartAsync("Collecting…", async ctx =>
            await work(new Progress<CollectProgress>(p =>
                ctx.Status($"Collecting {Markup.Escape(Describe(p))}"))));
    }

    private static string Describe(CollectProgress p) =>
        $"[{p.Done}/{p.Total}] {p.Service}{(p.Region is null ? "" : " " + p.Region)}";

    private sealed class PlainProgress : IProgress<CollectProgress>
    {
        private readonly Lock _gate = new();

        public void Report(CollectProgress value)
        {
            lock (_gate)
            {
                Console.Error.WriteLine("collect " + Describe(value));
            }
        }
    }
}
