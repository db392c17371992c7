using System.Text;
using AwsHarden.Model;

namespace AwsHarden.Remediation;

/// <summary>Renders a plan as Markdown, which reads as plain text on a terminal.</summary>
public static class PlanText
{
    /// <summary>What a plan without steps says instead, by the command that made it.</summary>
    private static string Empty(Plan plan)
    {
        // Unread checks are listed as assumptions of a fix plan; "already passes" would claim what nobody could
        // see. (An incident plan's INCOMPLETE note about log files that "could not be read" is not one.)
        var unread = plan.Assumptions.Count(a => a.Contains("could not be read", StringComparison.Ordinal));
        if (unread > 0 && plan.Title is not (PlanOrigin.UndoTitle or PlanOrigin.RevertTitle))
        {
            return $"No step planned, but {unread} fixable check result(s) could not be read (see Assumptions); "
                + "grant the read permissions and audit again.";
        }
        return plan.Title switch
        {
            PlanOrigin.UndoTitle when plan.Assumptions.Count > 0 =>
                "Nothing awsharden can undo: the changes this journal records cannot be reversed by API "
                + "(see Assumptions).",
            PlanOrigin.UndoTitle => "Nothing to undo: the journal records no change that was made.",
            PlanOrigin.RevertTitle when AwsHarden.Incident.IncompleteInput.IsMarked(plan) =>
                "Nothing to revert from what was read (see the INCOMPLETE note above).",
            PlanOrigin.RevertTitle =>
                "Nothing to revert: what the credentials changed is gone already (see Assumptions).",
            _ => "Nothing to do: every fixable check already passes.",
        };
    }

    public static string Render(Plan plan)
    {
        var text = new StringBuilder();
        text.AppendLine($"# {plan.Title}").AppendLine();
        // A plan from an incomplete read, or an undo that re-opens an incident, says so before anything else.
        foreach (var incomplete in plan.Assumptions.Where(a =>
                     a.StartsWith(AwsHarden.Incident.IncompleteInput.Marker, StringComparison.Ordinal)
                     || a.StartsWith(UndoPlanner.ReopensMarker, StringComparison.Ordinal)))
            text.AppendLine($"**{incomplete}**").AppendLine();
        if (plan.Steps.Count == 0)
            text.AppendLine(Empty(plan)).AppendLine();

        foreach (var step in plan.Steps)
            RenderStep(text, step);

        if (plan.Assumptions.Count > 0)
        {
            text.AppendLine("## Assumptions").AppendLine();
            foreach (var assumption in plan.Assumptions)
                text.AppendLine($"- {assumption}");
        }

        return text.ToString();
    }

    private static void RenderStep(StringBuilder text, PlanStep step)
    {
        var kind = step.Kind == PlanStepKind.Manual ? " (manual)" : "";
        text.AppendLine($"## {step.Id}{kind}: {step.Title}").AppendLine();
        if (step.Reason is not null)
            text.AppendLine(step.Reason).AppendLine();
        if (step.ConsoleUrl is not null)
            text.AppendLine($"- Console: {step.ConsoleUrl}");
        if (step.CheckIds.Count > 0)
            text.AppendLine($"- Checks: {string.Join(", ", step.CheckIds)}");
        foreach (var call in step.Calls)
            text.AppendLine($"- Call: {Describe(call)}");
        if (step.IamActions.Count > 0)
            text.AppendLine($"- IAM actions: {string.Join(", ", step.IamActions)}");
        if (step.ExpectedPrior is { } prior)
            text.AppendLine($"- Expects: {Describe(prior)}");
        if (step.Cost is not null)
            text.AppendLine($"- Cost: {step.Cost}");
        if (step.Undo is not null)
            text.AppendLine($"- Undo: {step.Undo}");
        text.AppendLine();
    }

    private static string Describe(ApiCall call)
    {
        var where = call.Region is null ? "" : $" [{call.Region}]";
        var parameters = string.Join(", ", call.Parameters.Select(p => $"{p.Key}={Shorten(p.Value)}"));
        return $"{call.Service} {call.Operation}{where} {parameters}".TrimEnd();
    }

    private static string Describe(ResourceState state)
    {
        if (!state.Exists)
            return $"{state.Key} absent";
        var attributes = string.Join(", ", state.Attributes.Select(a => $"{a.Key}={a.Value}"));
        return attributes.Length == 0 ? $"{state.Key} present" : $"{state.Key} with {attributes}";
    }

    // Policy documents are shown in full in the JSON plan; here a prefix is enough to recognise them.
    private static string Shorten(string value) => value.Length <= 80 ? value : value[..77] + "...";
}
