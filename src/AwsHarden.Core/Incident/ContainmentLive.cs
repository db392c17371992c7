using System.Globalization;
using AwsHarden.Aws.Clients;
using AwsHarden.Model;

namespace AwsHarden.Incident;

/// <summary>A user of the lineage whose credentials <c>contain</c> reads from the account: one the attacker
/// created, or one that owns a leaked key (and existed before).</summary>
/// <param name="PlannedKeys">Keys of the lineage, which the plan handles already.</param>
public sealed record LineageUser(string Name, bool CreatedByAttacker, IReadOnlySet<string> PlannedKeys);

/// <summary>One access key as the account lists it, with its last use when that was read.</summary>
public sealed record LiveAccessKey(string AccessKeyId, string Status, DateTimeOffset? CreateDate)
{
    public AccessKeyLastUse? LastUse { get; init; }
    /// <summary>Why the last use is unknown, e.g. <c>AccessDenied on iam:GetAccessKeyLastUsed</c>.</summary>
    public string? LastUseUnread { get; init; }
}

/// <summary>What the account holds for one lineage user. <see cref="Read"/> names what was read and
/// <see cref="Unread"/> what could not be; a list that was not read stays empty and is never taken as empty.
/// </summary>
public sealed record LiveUserCredentials(LineageUser User)
{
    public bool Exists { get; init; } = true;
    public IReadOnlyList<LiveAccessKey> AccessKeys { get; init; } = [];
    public bool LoginProfile { get; init; }
    /// <summary>Serial numbers; a virtual device's is its ARN.</summary>
    public IReadOnlyList<string> MfaSerials { get; init; } = [];
    /// <summary>What was read: <c>access keys</c>, <c>console password</c>, <c>MFA devices</c>.</summary>
    public IReadOnlyList<string> Read { get; init; } = [];
    /// <summary>One line per refused or failed read, e.g. <c>access keys (AccessDenied on iam:ListAccessKeys)
    /// </c>.</summary>
    public IReadOnlyList<string> Unread { get; init; } = [];
    /// <summary>The IAM calls the reading made.</summary>
    public int Calls { get; init; }
}

/// <summary>Reads a lineage user's credentials from the account; the seam that keeps planning testable.
/// </summary>
public interface IContainmentCredentialSource
{
    Task<LiveUserCredentials> ReadAsync(LineageUser user, CancellationToken cancellationToken);
}

/// <summary>
/// Completes the containment plan from the live account: keys, console passwords and MFA devices of the
/// lineage's users that the logs did not show (made before the logs' window, or in a trail not given). Keys of
/// a user the attacker created are deactivated like the others; another key of a leaked key's own user may be
/// legitimate and becomes a Manual step; a password of a created user is removed by API; MFA devices are noted.
/// </summary>
public static class ContainmentLive
{
    /// <summary>The users to read, leaked keys' owners first, then the users the attacker created.</summary>
    public static IReadOnlyList<LineageUser> Users(IReadOnlyList<LineageNode> lineage, Plan plan)
    {
        // TODO(incident): a user given with --user is not read, and a leaked key whose user the logs do not name
        // stays a Manual step with its user unread; GetAccessKeyLastUsed would name that user in one call.
        var keys = lineage.Where(n => n.Kind == LineageNodeKind.AccessKey).Select(n => n.Id)
            .ToHashSet(StringComparer.Ordinal);
        var created = lineage.Where(n => n.Kind == LineageNodeKind.User && n.DerivedBy?.EventName == "CreateUser")
            .Select(n => n.Owner).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var owners = lineage.Where(n => n is { IsSeed: true, Kind: LineageNodeKind.AccessKey })
            .Select(n => n.Owner ?? PlannedOwner(plan, n.Id)).OfType<string>()
            .Where(u => !created.Contains(u, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal);
        return
        [
            .. owners.Select(u => new LineageUser(u, false, keys)),
            .. created.Select(u => new LineageUser(u, true, keys)),
        ];
    }

    /// <summary>Leaked keys whose user neither the logs nor the plan name, so their user's keys went unread
    /// (a root key has no user, and its step says so).</summary>
    public static IReadOnlyList<string> OwnerlessSeeds(IReadOnlyList<LineageNode> lineage, Plan plan) =>
    [
        .. lineage.Where(n => n is { IsSeed: true, Kind: LineageNodeKind.AccessKey, Owner: null }
            && PlannedOwner(plan, n.Id) is null
            && !plan.Steps.Any(s => s.Title == ContainmentPlanner.RootKeyTitle(n.Id))).Select(n => n.Id),
    ];

    /// <summary>Reads every user of <see cref="Users"/> and completes the plan with what the account shows.
    /// <paramref name="started"/> holds the titles of the steps an earlier run of the same journal started.
    /// </summary>
    public static async Task<Plan> CompleteAsync(Plan plan, IReadOnlyList<LineageNode> lineage,
        IContainmentCredentialSource source, IReadOnlySet<string> started, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var listings = new List<LiveUserCredentials>();
        foreach (var user in Users(lineage, plan))
            listings.Add(await source.ReadAsync(user, cancellationToken).ConfigureAwait(false));
        return Complete(plan, listings, OwnerlessSeeds(lineage, plan), started, time);
    }

    /// <summary>The pure part of <see cref="CompleteAsync"/>: the plan completed from given listings, without
    /// repeating a step the logs already produced, its steps numbered again. A step an earlier run of the
    /// journal started stays even when the account no longer shows its cause (that run deactivated the key or
    /// removed the password), so resuming with the journal sees the same plan and finds the step done.</summary>
    public static Plan Complete(Plan plan, IReadOnlyList<LiveUserCredentials> listings,
        IReadOnlyList<string> ownerlessSeeds, IReadOnlySet<string> started, TimeProvider time)
    {
        var steps = plan.Steps.ToList();
        var keySteps = new List<PlanStep>();
        var userSteps = new List<PlanStep>();
        foreach (var live in listings.Where(l => l.Exists))
        {
            keySteps.AddRange(KeySteps(live, steps).Where(k => k.Active || started.Contains(k.Step.Title))
                .Select(k => k.Step));
            if (!live.User.CreatedByAttacker)
                continue;

            if (live.LoginProfile || started.Contains(ContainmentPlanner.PasswordTitle(live.User.Name)))
                RemovePassword(steps, userSteps, live.User.Name);
            userSteps.AddRange(live.MfaSerials.Select(serial => MfaNote(live.User.Name, serial)));
        }

        steps.InsertRange(EndOfKeySteps(steps), keySteps);
        steps.InsertRange(RootStepsStart(steps), userSteps);
        return plan with
        {
            Steps = [.. steps.Select((s, i) => s with { Id = $"contain-{i + 1:00}" })],
            Assumptions =
            [
                .. plan.Assumptions.Where(a => a != ContainmentPlanner.LogsOnlyAssumption),
                .. Notes(listings, ownerlessSeeds, time),
            ],
        };
    }

    private static string? PlannedOwner(Plan plan, string keyId) => plan.Steps.SelectMany(s => s.Calls)
        .FirstOrDefault(c => c.Operation == "UpdateAccessKey" && c.Parameters.GetValueOrDefault("AccessKeyId") == keyId)
        ?.Parameters.GetValueOrDefault("UserName");

    // Every listed key the plan does not cover yet, with whether it is Active (the caller keeps those).
    private static IEnumerable<(PlanStep Step, bool Active)> KeySteps(LiveUserCredentials live, List<PlanStep> steps)
    {
        var user = live.User.Name;
        var planned = steps.SelectMany(s => s.Calls).Select(c => c.Parameters.GetValueOrDefault("AccessKeyId"))
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var key in live.AccessKeys)
        {
            if (live.User.PlannedKeys.Contains(key.AccessKeyId) || planned.Contains(key.AccessKeyId))
                continue;
            var active = key.Status == "Active";
            if (live.User.CreatedByAttacker)
            {
                yield return (ContainmentPlanner.DeactivateKey(user, key.AccessKeyId,
                    $"found in the account, not in the logs: {user} was created by the attacker, and this key "
                    + $"was made {Date(key.CreateDate)}"), active);
                continue;
            }
            yield return (new PlanStep
            {
                Id = "", Kind = PlanStepKind.Manual,
                Title = $"Check access key {key.AccessKeyId} of user {user}, left Active",
                Reason = $"{user} owns the leaked key and has this other Active key, made {Date(key.CreateDate)}, "
                    + $"{LastUse(key)}. The logs do not tie it to the attacker and it may be in real use, so it is "
                    + "not deactivated: ask the user's owner whether it is theirs and needed. If not, deactivate "
                    + $"it: aws iam update-access-key --user-name {user} --access-key-id {key.AccessKeyId} "
                    + "--status Inactive.",
                ConsoleUrl = ContainmentPlanner.ConsoleUrl(user),
            }, active);
        }
    }

    // A password the logs showed already has its API step; one they showed only in use (a console sign-in) has
    // a Manual step, which becomes the API removal now that the account shows the password is there.
    private static void RemovePassword(List<PlanStep> steps, List<PlanStep> added, string user)
    {
        var at = steps.FindIndex(s => s.Title == ContainmentPlanner.PasswordTitle(user));
        if (at >= 0 && steps[at].Kind == PlanStepKind.Api)
            return;
        var step = ContainmentPlanner.RemoveCreatedUsersPassword(user,
            "its password was found in the account, not in the logs");
        if (at >= 0)
            steps[at] = step with { EventIds = steps[at].EventIds };
        else
            added.Add(step);
    }

    private static PlanStep MfaNote(string user, string serial) => new()
    {
        Id = "", Kind = PlanStepKind.Manual,
        Title = $"MFA device {serial} of user {user}, created by the attacker",
        Reason = "Found in the account. A second factor opens nothing without the user's password or keys, which "
            + "the steps above remove or deactivate, so contain leaves it (deactivating it could not be undone: "
            + "enabling it again needs codes from the attacker's device). 'awsharden incident revert' deactivates "
            + "and deletes it before deleting the user.",
        ConsoleUrl = ContainmentPlanner.ConsoleUrl(user),
    };

    // New key steps follow the last key step, or come first when there is none.
    private static int EndOfKeySteps(List<PlanStep> steps)
    {
        var last = steps.FindLastIndex(s => s.Calls.Any(c => c.Operation == "UpdateAccessKey")
            || s.Title.StartsWith("Deactivate access key", StringComparison.Ordinal)
            || s.Title.StartsWith("Delete the root user's access key", StringComparison.Ordinal));
        return last + 1;
    }

    // Password and MFA steps go before the root user's steps, which end every containment plan.
    private static int RootStepsStart(List<PlanStep> steps)
    {
        var root = steps.FindIndex(s => s.Kind == PlanStepKind.Manual
            && s.Title.StartsWith("Change the root user's password", StringComparison.Ordinal));
        return root < 0 ? steps.Count : root;
    }

    private static IEnumerable<string> Notes(IReadOnlyList<LiveUserCredentials> listings,
        IReadOnlyList<string> ownerlessSeeds, TimeProvider time)
    {
        var calls = listings.Sum(l => l.Calls);
        var read = listings.Where(l => l.Exists).SelectMany(l => l.Read.Select(what => (what, l.User.Name)))
            .GroupBy(p => p.what, StringComparer.Ordinal)
            .Select(g => $"{g.Key} of {string.Join(", ", g.Select(p => p.Name))}").ToList();
        if (listings.Count == 0)
            yield return "The account was not read: the lineage has no IAM user whose keys it could show.";
        else if (read.Count == 0)
            yield return $"The account was not read ({calls} IAM calls, none answered with a list): the steps come "
                + "from the logs alone.";
        else
            yield return $"Read from the account at {time.GetUtcNow():u} ({calls} IAM calls): "
                + $"{string.Join("; ", read)}. What it showed and the logs did not is in this plan.";
        foreach (var gone in listings.Where(l => !l.Exists))
        {
            yield return $"User {gone.User.Name} no longer exists in the account: nothing of it was read, and its "
                + "steps from the logs become 'Already gone' notes.";
        }
        foreach (var live in listings.Where(l => l.Exists && l.Unread.Count > 0))
        {
            yield return $"Not read for user {live.User.Name}: {string.Join("; ", live.Unread)}. What the account "
                + "holds there and the logs do not show is missing from this plan; grant the reads ('awsharden "
                + "iam-policy fix') and run contain again.";
        }
        foreach (var key in ownerlessSeeds)
            yield return $"The logs do not name the user of leaked key {key}, so that user's other keys were not read.";
    }

    private static string Date(DateTimeOffset? date) =>
        date is { } d ? d.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "at an unknown date";

    private static string LastUse(LiveAccessKey key)
    {
        if (key.LastUseUnread is { } why)
            return $"its last use not read ({why})";
        if (key.LastUse?.Date is not { } used)
            return key.LastUse is null ? "its last use not read" : "never used";
        var where = string.Join(" in ", new[] { key.LastUse.ServiceName, key.LastUse.Region }.OfType<string>());
        return $"last used {used.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}Z"
            + (where.Length == 0 ? "" : $" ({where})");
    }
}
