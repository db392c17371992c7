namespace AwsHarden.Remediation;

/// <summary>Which command made a plan, told by its title, so a hint names the command to run again.</summary>
public static class PlanOrigin
{
    public const string UndoTitle = "Undo of a fix journal";
    public const string RevertTitle = "Revert what the leaked credentials did";
    public const string ContainTitle = "Contain the leaked credentials";

    public static bool IsUndo(string? title) => title == UndoTitle;

    /// <summary>What to do when a plan no longer fits the account or its file can't be used.</summary>
    public static string Remake(string? title) => title switch
    {
        RevertTitle =>
            "make the plan again with 'awsharden incident revert --key … --logs … --dry-run -o plan.json'",
        ContainTitle => "run 'awsharden incident contain' again: it plans from the account as it is now",
        UndoTitle => "check that resource by hand: it changed after the run being undone",
        _ => "make the plan again with 'awsharden fix plan -o plan.json'",
    };
}
