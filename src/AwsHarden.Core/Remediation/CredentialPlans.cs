using AwsHarden.Model;
using static AwsHarden.Remediation.Steps;

namespace AwsHarden.Remediation;

/// <summary>One access key of a user as the executor reads it: its slot (1 or 2, by creation date), id and
/// status.</summary>
public sealed record UserAccessKey(int Slot, string AccessKeyId, string Status, string CreateDate)
{
    public bool IsActive => Status == "Active";
}

/// <summary>
/// Plans for one user's credentials, run through the same engine and journal as fixes: rotating an access key
/// (create the new one, then deactivate the old one) and offboarding (deactivate every key, remove the console
/// password, keep the user).
/// </summary>
public static class CredentialPlans
{
    /// <summary>Every IAM action these plans and their undo need, for <c>iam-policy fix</c>.</summary>
    public static IReadOnlyList<string> DeclaredActions { get; } =
    [
        "iam:ListAccessKeys", "iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:UpdateAccessKey",
        "iam:GetLoginProfile", "iam:DeleteLoginProfile",
    ];

    /// <summary>Reads the user's keys (both slots) through the executor.</summary>
    public static async Task<IReadOnlyList<UserAccessKey>> ReadKeysAsync(IStepExecutor executor, string user,
        CancellationToken ct)
    {
        var keys = new List<UserAccessKey>();
        foreach (var slot in new[] { 1, 2 })
        {
            var state = await executor.ReadStateAsync(KeyOf(user, slot), ct);
            if (state.Exists)
            {
                keys.Add(new UserAccessKey(slot, state.Attributes["AccessKeyId"], state.Attributes["Status"],
                    state.Attributes.GetValueOrDefault("CreateDate") ?? ""));
            }
        }

        return keys;
    }

    /// <summary>Creating the new key; apply it, hand the secret over, then apply <see cref="Retire"/>.</summary>
    /// <exception cref="UserErrorException">The user already has two keys, IAM's limit.</exception>
    public static Plan Rotate(string user, IReadOnlyList<UserAccessKey> keys, TimeProvider time)
    {
        if (keys.Count >= 2)
        {
            throw new UserErrorException($"{user} already has two access keys, the most IAM allows",
                "deactivate and delete the one no longer used, then rotate again");
        }

        var key = KeyOf(user, keys.Count + 1);
        var step = Api($"Create a new access key for {user}", [],
            [Call("iam", "CreateAccessKey", null, ("UserName", user))],
            Absent(key), Present(key, ("Status", "Active")),
            [Call("iam", "DeleteAccessKey", null, ("UserName", user),
                ("AccessKeyId", Placeholders.After("AccessKeyId")))],
            "DeleteAccessKey on the key this step created (it did not exist before).",
            "The secret is handed over once, to a file only you can read or to the terminal; it is never "
            + "journalled or logged.",
            ["iam:ListAccessKeys"]) with { Id = "rotate-01" };
        return Titled($"Rotate the access key of {user}", [step], time);
    }

    /// <summary>Deactivating the user's keys that were active before the rotation.</summary>
    public static Plan Retire(string user, IReadOnlyList<UserAccessKey> oldKeys, TimeProvider time) =>
        Titled($"Deactivate the old access key of {user}", Deactivations(user, oldKeys, "rotate", 2), time);

    /// <summary>Deactivating every active key and removing the console password; the user stays.</summary>
    public static Plan Offboard(string user, IReadOnlyList<UserAccessKey> keys, bool hasPassword,
        TimeProvider time)
    {
        var steps = Deactivations(user, keys, "offboard", 1);
        if (hasPassword)
            steps.Add(RemovePassword(user) with { Id = $"offboard-{steps.Count + 1:00}" });
        return Titled($"Offboard {user}: deactivate keys, remove the console password, keep the user", steps, time);
    }

    private static List<PlanStep> Deactivations(string user, IReadOnlyList<UserAccessKey> keys, string prefix,
        int first) =>
        keys.Where(k => k.IsActive).Select((k, i) => Deactivate(user, k) with { Id = $"{prefix}-{first + i:00}" })
            .ToList();

    private static PlanStep Deactivate(string user, UserAccessKey key)
    {
        var resource = KeyOf(user, key.Slot);
        (string, string)[] call = [("UserName", user), ("AccessKeyId", key.AccessKeyId)];
        return Api($"Deactivate access key {key.AccessKeyId} of {user}", [],
            [Call("iam", "UpdateAccessKey", null, [.. call, ("Status", "Inactive")])],
            Present(resource, ("AccessKeyId", key.AccessKeyId), ("Status", "Active")),
            Present(resource, ("AccessKeyId", key.AccessKeyId), ("Status", "Inactive")),
            [Call("iam", "UpdateAccessKey", null, [.. call, ("Status", "Active")])],
            "UpdateAccessKey Status=Active on the same key.",
            "An inactive key can be turned back on; a deleted one cannot.", ["iam:ListAccessKeys"]);
    }

    // The one removal the tool makes on request: an offboarded person's password must stop working, and
    // IAM keeps no copy to restore.
    private static PlanStep RemovePassword(string user)
    {
        var key = new ResourceKey(ResourceTypes.LoginProfile, user);
        return Api($"Remove the console password of {user}", [],
            [Call("iam", "DeleteLoginProfile", null, ("UserName", user))],
            Present(key), Absent(key), [],
            "Cannot be undone: IAM keeps no copy of the password. Give a returning user a new one with "
            + "CreateLoginProfile.",
            "Without a password the user cannot sign in to the console; the user, its policies and history stay.",
            ["iam:GetLoginProfile"]);
    }

    private static ResourceKey KeyOf(string user, int slot) => new(ResourceTypes.AccessKey, $"{user}|{slot}");

    private static Plan Titled(string title, IReadOnlyList<PlanStep> steps, TimeProvider time) => new()
    {
        Title = title, Steps = steps, CreatedAt = time.GetUtcNow(),
    };
}
