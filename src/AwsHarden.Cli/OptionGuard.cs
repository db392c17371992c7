using System.Collections;
using System.Reflection;
using AwsHarden.Config;
using AwsHarden.Model;
using Spectre.Console.Cli;

namespace AwsHarden.Cli;

/// <summary>
/// Checks every command's parsed options before it runs, from the option attributes, so no command can forget:
/// an option written without its value, and an output (report, journal, secret file) that names one of the
/// command's own input files, which writing would destroy.
/// </summary>
internal sealed class OptionGuard : ICommandInterceptor
{
    // Spectre fills an option written without its value with this internal name.
    private const string MissingValue = "__default_command";

    private static readonly HashSet<string> OutputOptions =
        new(["output", "journal", "undo-journal", "secret-file"], StringComparer.Ordinal);

    public void Intercept(CommandContext context, CommandSettings settings)
    {
        var values = Values(settings).ToList();
        foreach (var value in values.Where(v => v.Text is MissingValue))
        {
            throw new UserErrorException($"{value.Name} needs a value", value.Hint);
        }

        foreach (var output in values.Where(v => v.IsOutput))
        {
            var input = values.FirstOrDefault(v => !v.IsOutput && FileStat.SameFile(v.Text, output.Text));
            if (input is not null)
            {
                throw new UserErrorException(
                    $"{output.Name} is the same file as {input.Name} ({input.Text}); writing it would destroy the "
                    + "input", "choose another name");
            }
        }
    }

    public void InterceptResult(CommandContext context, CommandSettings settings, ref int result)
    {
    }

    private sealed record Value(string Name, string Text, bool IsOutput, string? Hint);

    private static IEnumerable<Value> Values(CommandSettings settings)
    {
        foreach (var property in settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var (name, isOutput) = Describe(property);
            if (name is null)
                continue;

            var hint = property.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description;
            hint = hint is null ? null : $"{name}: {hint}";
            switch (property.GetValue(settings))
            {
                case string text:
                    yield return new Value(name, text, isOutput, hint);
                    break;
                case IEnumerable many and not string:
                    foreach (var text in many.OfType<string>())
                        yield return new Value(name, text, isOutput, hint);
                    break;
            }
        }
    }

    private static (string? Name, bool IsOutput) Describe(PropertyInfo property)
    {
        if (property.GetCustomAttribute<CommandOptionAttribute>() is { } option)
        {
            var longName = option.LongNames.FirstOrDefault();
            var name = longName is null ? $"-{option.ShortNames.FirstOrDefault()}" : $"--{longName}";
            return (name, longName is not null && OutputOptions.Contains(longName));
        }

        return property.GetCustomAttribute<CommandArgumentAttribute>() is { } argument
            ? ($"the {argument.ValueName} argument", false)
            : (null, false);
    }
}
