using System.Text;
using AwsHarden.Model;

namespace AwsHarden.Remediation;

/// <summary>
/// Keeps a journal to one run. Records carry the run and the plan they belong to; a journal holding records of
/// another run is accepted only when they are of the same plan (resuming an interrupted run, or re-running a
/// finished one, which skips what is done). Otherwise a later run would be appended to an earlier one and
/// <c>fix undo</c> would revert both.
/// </summary>
public static class JournalBinding
{
    /// <summary>Names a plan by its title and, per step, id, kind, resource and operations: stable when the
    /// same plan is made again (parameters such as a cut-off time may differ), different for another plan.
    /// </summary>
    public static string PlanIdentity(Plan plan)
    {
        var text = new StringBuilder(plan.Title);
        foreach (var step in plan.Steps)
        {
            var key = step.Target?.Key ?? step.ExpectedPrior?.Key;
            text.Append('\n').Append(step.Id).Append('|').Append(step.Kind).Append('|').Append(key)
                .Append('|').AppendJoin(',', step.Calls.Select(c => c.IamAction));
        }

        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash)[..16];
    }

    /// <exception cref="UserErrorException">The journal holds records of another run of another plan.
    /// </exception>
    public static void Check(IReadOnlyList<JournalRecord> history, Plan plan, string runId, string journalName)
    {
        var identity = PlanIdentity(plan);
        var other = history.FirstOrDefault(r => r.RunId != runId && r.PlanIdentity != identity);
        if (other is null)
            return;

        var what = other.PlanTitle is null ? "an earlier run" : $"an earlier run ('{other.PlanTitle}')";
        throw new UserErrorException($"{journalName} is the journal of {what}, not of this plan",
            "give --journal a new file: each run keeps its own journal, so 'fix undo' reverts that run only");
    }
}
