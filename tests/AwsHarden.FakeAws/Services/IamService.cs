using System.Net;
using System.Xml.Linq;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;
using static AwsHarden.FakeAws.Protocol.WireFormat;

namespace AwsHarden.FakeAws.Services;

/// <summary>IAM (Query protocol): the account-wide reads of the audit and the writes its fixes make.</summary>
internal sealed partial class IamService : FakeService
{
    private static readonly TimeSpan ReportLifetime = TimeSpan.FromHours(4);

    public IamService()
    {
        On("GetAccountPasswordPolicy", GetAccountPasswordPolicy);
        On("UpdateAccountPasswordPolicy", UpdateAccountPasswordPolicy);
        On("DeleteAccountPasswordPolicy", DeleteAccountPasswordPolicy);
        On("GenerateCredentialReport", GenerateCredentialReport);
        On("GetCredentialReport", GetCredentialReport);
        On("GetAccountAuthorizationDetails", AuthorizationDetails.Handle);
        On("GetAccountSummary", GetAccountSummary);
        On("ListVirtualMFADevices", ListVirtualMfaDevices);
        On("ListUsers", ListUsers);
        On("ListAccessKeys", ListAccessKeys);
        On("GetAccessKeyLastUsed", GetAccessKeyLastUsed);
        On("UpdateAccessKey", UpdateAccessKey);
        On("CreateAccessKey", CreateAccessKey);
        On("DeleteAccessKey", DeleteAccessKey);
        On("DeleteLoginProfile", DeleteLoginProfile);
        On("GetLoginProfile", GetLoginProfile);
        On("PutUserPolicy", r => PutInline(r, UserPolicies(r)));
        On("PutRolePolicy", r => PutInline(r, RolePolicies(r)));
        On("GetUserPolicy", r => GetInline(r, "UserName", UserPolicies(r)));
        On("GetRolePolicy", r => GetInline(r, "RoleName", RolePolicies(r)));
        On("DeleteUserPolicy", r => DeleteInline(r, UserPolicies(r)));
        On("DeleteRolePolicy", r => DeleteInline(r, RolePolicies(r)));
        RegisterPrincipalOperations();
    }

    public override string SigningName => "iam";

    private static FakeResult GetAccountPasswordPolicy(FakeRequest r)
    {
        var p = r.Account.Iam.PasswordPolicy ?? throw NoSuchEntity(
            $"The Password Policy with domain name {r.Account.AccountId} cannot be found.");
        return XmlResult.Of(new XElement("PasswordPolicy",
            new XElement("MinimumPasswordLength", p.MinimumPasswordLength),
            new XElement("RequireSymbols", Bool(p.RequireSymbols)),
            new XElement("RequireNumbers", Bool(p.RequireNumbers)),
            new XElement("RequireUppercaseCharacters", Bool(p.RequireUppercaseCharacters)),
            new XElement("RequireLowercaseCharacters", Bool(p.RequireLowercaseCharacters)),
            new XElement("AllowUsersToChangePassword", Bool(p.AllowUsersToChangePassword)),
            new XElement("ExpirePasswords", Bool(p.MaxPasswordAge is > 0)),
            Opt("MaxPasswordAge", p.MaxPasswordAge),
            Opt("PasswordReusePrevention", p.PasswordReusePrevention),
            new XElement("HardExpiry", Bool(p.HardExpiry))));
    }

    private static FakeResult UpdateAccountPasswordPolicy(FakeRequest r)
    {
        r.Account.Iam.PasswordPolicy = new FakePasswordPolicy
        {
            MinimumPasswordLength = r.IntParam("MinimumPasswordLength") ?? 8,
            RequireSymbols = r.BoolParam("RequireSymbols") ?? false,
            RequireNumbers = r.BoolParam("RequireNumbers") ?? false,
            RequireUppercaseCharacters = r.BoolParam("RequireUppercaseCharacters") ?? false,
            RequireLowercaseCharacters = r.BoolParam("RequireLowercaseCharacters") ?? false,
            AllowUsersToChangePassword = r.BoolParam("AllowUsersToChangePassword") ?? false,
            MaxPasswordAge = r.IntParam("MaxPasswordAge"),
            PasswordReusePrevention = r.IntParam("PasswordReusePrevention"),
            HardExpiry = r.BoolParam("HardExpiry") ?? false,
        };
        return XmlResult.Empty;
    }

    private static FakeResult DeleteAccountPasswordPolicy(FakeRequest r)
    {
        if (r.Account.Iam.PasswordPolicy is null)
        {
            throw NoSuchEntity($"The account policy with name PasswordPolicy cannot be found.");
        }

        r.Account.Iam.PasswordPolicy = null;
        return XmlResult.Empty;
    }

    private static FakeResult GenerateCredentialReport(FakeRequest r)
    {
        var iam = r.Account.Iam;
        var now = r.Time.GetUtcNow();
        if (iam.CredentialReport is null || now - iam.CredentialReport.GeneratedTime > ReportLifetime)
        {
            iam.CredentialReport = new FakeCredentialReport
            {
                Content = CredentialReportCsv.Encode(CredentialReportCsv.Build(r.Account)),
                GeneratedTime = now,
                PendingPolls = r.Options.CredentialReportInProgressPolls,
            };
            return ReportState("STARTED", "No report exists. Starting a new report generation task");
        }

        if (iam.CredentialReport.PendingPolls > 0)
        {
            iam.CredentialReport.PendingPolls--;
            return ReportState("INPROGRESS", "Report generation in progress");
        }

        return ReportState("COMPLETE", null);
    }

    private static XmlResult ReportState(string state, string? description)
    {
        var content = new List<XElement> { new("State", state) };
        if (description is not null)
        {
            content.Add(new XElement("Description", description));
        }

        return new XmlResult(content);
    }

    private static FakeResult GetCredentialReport(FakeRequest r)
    {
        var report = r.Account.Iam.CredentialReport
            ?? throw new AwsErrorException("ReportNotPresent", "Credential report not present",
                HttpStatusCode.Gone);
        if (report.PendingPolls > 0)
        {
            throw new AwsErrorException("ReportInProgress", "Report generation in progress",
                HttpStatusCode.NotFound);
        }

        if (r.Time.GetUtcNow() - report.GeneratedTime > ReportLifetime)
        {
            throw new AwsErrorException("ReportExpired", "Credential report expired", HttpStatusCode.Gone);
        }

        return XmlResult.Of(
            new XElement("Content", Convert.ToBase64String(report.Content)),
            new XElement("ReportFormat", "text/csv"),
            new XElement("GeneratedTime", Iso(report.GeneratedTime)));
    }

    private static FakeResult GetAccountSummary(FakeRequest r)
    {
        var iam = r.Account.Iam;
        var mfaInUse = iam.Users.Sum(u => u.MfaDevices.Count) + (iam.Root.Mfa is null ? 0 : 1);
        var summary = new Dictionary<string, long>
        {
            ["Users"] = iam.Users.Count,
            ["UsersQuota"] = 5000,
            ["Groups"] = iam.Groups.Count,
            ["GroupsQuota"] = 300,
            ["Roles"] = iam.Roles.Count,
            ["RolesQuota"] = 1000,
            ["Policies"] = iam.Policies.Count(p => !p.IsAwsManaged),
            ["PoliciesQuota"] = 1500,
            ["InstanceProfiles"] = iam.Roles.Sum(x => x.InstanceProfiles.Count),
            ["InstanceProfilesQuota"] = 1000,
            ["MFADevices"] = mfaInUse + iam.UnassignedVirtualMfaSerials.Count,
            ["MFADevicesInUse"] = mfaInUse,
            ["AccountMFAEnabled"] = iam.Root.Mfa is null ? 0 : 1,
            ["AccountAccessKeysPresent"] = iam.Root.AccessKeys.Count > 0 ? 1 : 0,
            ["AccountSigningCertificatesPresent"] = 0,
            ["AccessKeysPerUserQuota"] = 2,
            ["ServerCertificates"] = 0,
            ["ServerCertificatesQuota"] = 20,
            ["Providers"] = 0,
            ["GlobalEndpointTokenVersion"] = 1,
        };
        return XmlResult.Of(new XElement("SummaryMap", summary.Select(kv =>
            new XElement("entry", new XElement("key", kv.Key), new XElement("value", kv.Value)))));
    }

    private static FakeResult ListVirtualMfaDevices(FakeRequest r)
    {
        var account = r.Account;
        var assigned = account.Iam.Users
            .SelectMany(u => u.MfaDevices.Where(d => d.IsVirtual).Select(d => Device(d.SerialNumber, d.EnableDate,
                new XElement("User", new XElement("Path", u.Path), new XElement("UserName", u.Name),
                    new XElement("UserId", u.UserId), new XElement("Arn", UserArn(account, u)),
                    new XElement("CreateDate", Iso(u.CreateDate))))))
            .ToList();
        if (account.Iam.Root.Mfa is { IsVirtual: true } rootMfa)
        {
            assigned.Insert(0, Device(rootMfa.SerialNumber, rootMfa.EnableDate, new XElement("User",
                new XElement("UserId", account.AccountId), new XElement("Arn", account.RootArn),
                new XElement("CreateDate", Iso(account.CreatedAt)))));
        }

        var unassigned = account.Iam.UnassignedVirtualMfaSerials.Select(s => Device(s, null, null));
        var devices = (r.Param("AssignmentStatus") ?? "Any") switch
        {
            "Assigned" => assigned,
            "Unassigned" => [.. unassigned],
            _ => [.. assigned, .. unassigned],
        };
        return Page(r, "VirtualMFADevices", devices);
    }

    private static XElement Device(string serial, DateTimeOffset? enabled, XElement? user) =>
        new("member", new XElement("SerialNumber", serial), user, Opt("EnableDate", enabled is { } e ? Iso(e) : null));

    private static FakeResult ListUsers(FakeRequest r) => Page(r, "Users", r.Account.Iam.Users.Select(u =>
        new XElement("member", new XElement("Path", u.Path), new XElement("UserName", u.Name),
            new XElement("UserId", u.UserId), new XElement("Arn", UserArn(r.Account, u)),
            new XElement("CreateDate", Iso(u.CreateDate)),
            Opt("PasswordLastUsed", u.PasswordLastUsed is { } p ? Iso(p) : null))).ToList());

    private static FakeResult ListAccessKeys(FakeRequest r)
    {
        var (name, keys) = KeysOf(r);
        return Page(r, "AccessKeyMetadata", keys.Select(k => new XElement("member",
            new XElement("UserName", name), new XElement("AccessKeyId", k.AccessKeyId),
            new XElement("Status", k.Status), new XElement("CreateDate", Iso(k.CreateDate)))).ToList());
    }

    // IAM answers for any key of the account, naming its user; a key never used has N/A service and region.
    private static FakeResult GetAccessKeyLastUsed(FakeRequest r)
    {
        var id = r.RequireParam("AccessKeyId");
        var (user, key) = r.Account.Iam.Users.SelectMany(u => u.AccessKeys.Select(k => (u, k)))
            .FirstOrDefault(p => p.k.AccessKeyId == id);
        if (key is null)
        {
            throw new AwsErrorException("AccessDenied", $"The access key {id} is not of this account.",
                HttpStatusCode.Forbidden);
        }

        return XmlResult.Of(new XElement("UserName", user.Name), new XElement("AccessKeyLastUsed",
            Opt("LastUsedDate", key.LastUsedDate is { } used ? Iso(used) : null),
            new XElement("ServiceName", key.LastUsedService ?? "N/A"),
            new XElement("Region", key.LastUsedRegion ?? "N/A")));
    }

    private static FakeResult UpdateAccessKey(FakeRequest r)
    {
        var key = FindKey(r);
        key.Status = r.RequireParam("Status");
        return XmlResult.Empty;
    }

    // The new key signs requests at once, as in IAM; the secret appears only in this answer.
    private static FakeResult CreateAccessKey(FakeRequest r)
    {
        var name = r.RequireParam("UserName");
        var user = r.Account.Iam.FindUser(name) ?? throw NoSuchEntity($"The user with name {name} cannot be found.");
        if (user.AccessKeys.Count >= 2)
        {
            throw new AwsErrorException("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2",
                HttpStatusCode.Conflict);
        }

        var key = r.Account.NewAccessKey(name + Guid.NewGuid(), r.Time.GetUtcNow());
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(30));
        user.AccessKeys.Add(key);
        r.Account.OtherCredentials.Add(new FakeCredential(key.AccessKeyId, secret, UserArn(r.Account, user),
            user.UserId));
        return XmlResult.Of(new XElement("AccessKey", new XElement("UserName", name),
            new XElement("AccessKeyId", key.AccessKeyId), new XElement("Status", key.Status),
            new XElement("SecretAccessKey", secret), new XElement("CreateDate", Iso(key.CreateDate))));
    }

    private static FakeResult DeleteAccessKey(FakeRequest r)
    {
        var key = FindKey(r);
        var (_, keys) = KeysOf(r);
        keys.Remove(key);
        return XmlResult.Empty;
    }

    private static FakeResult GetLoginProfile(FakeRequest r)
    {
        var name = r.RequireParam("UserName");
        var user = r.Account.Iam.FindUser(name) ?? throw NoSuchEntity($"The user with name {name} cannot be found.");
        var profile = user.LoginProfile ?? throw NoSuchEntity($"Login Profile for User {name} cannot be found.");
        return XmlResult.Of(new XElement("LoginProfile", new XElement("UserName", name),
            new XElement("CreateDate", Iso(profile.CreateDate)), new XElement("PasswordResetRequired", "false")));
    }

    private static FakeResult DeleteLoginProfile(FakeRequest r)
    {
        var name = r.RequireParam("UserName");
        var user = r.Account.Iam.FindUser(name) ?? throw NoSuchEntity($"The user with name {name} cannot be found.");
        if (user.LoginProfile is null)
        {
            throw NoSuchEntity($"Login Profile for User {name} cannot be found.");
        }

        user.LoginProfile = null;
        return XmlResult.Empty;
    }

    private static Dictionary<string, string> UserPolicies(FakeRequest r)
    {
        var name = r.RequireParam("UserName");
        return (r.Account.Iam.FindUser(name)
            ?? throw NoSuchEntity($"The user with name {name} cannot be found.")).InlinePolicies;
    }

    private static Dictionary<string, string> RolePolicies(FakeRequest r)
    {
        var name = r.RequireParam("RoleName");
        return (r.Account.Iam.Roles.Find(x => x.Name == name)
            ?? throw NoSuchEntity($"The role with name {name} cannot be found.")).InlinePolicies;
    }

    private static FakeResult PutInline(FakeRequest r, Dictionary<string, string> policies)
    {
        var document = r.RequireParam("PolicyDocument");
        try
        {
            System.Text.Json.JsonDocument.Parse(document).Dispose();
        }
        catch (System.Text.Json.JsonException)
        {
            throw new AwsErrorException("MalformedPolicyDocument", "Syntax errors in policy.",
                HttpStatusCode.BadRequest);
        }

        policies[r.RequireParam("PolicyName")] = document;
        return XmlResult.Empty;
    }

    // IAM returns inline documents URL-encoded, as RFC 3986 asks.
    private static FakeResult GetInline(FakeRequest r, string owner, Dictionary<string, string> policies)
    {
        var name = r.RequireParam("PolicyName");
        var document = policies.GetValueOrDefault(name)
            ?? throw NoSuchEntity($"The {owner[..^4].ToLowerInvariant()} policy with name {name} cannot be found.");
        return XmlResult.Of(new XElement(owner, r.RequireParam(owner)), new XElement("PolicyName", name),
            new XElement("PolicyDocument", Uri.EscapeDataString(document)));
    }

    private static FakeResult DeleteInline(FakeRequest r, Dictionary<string, string> policies)
    {
        var name = r.RequireParam("PolicyName");
        if (!policies.Remove(name))
        {
            throw NoSuchEntity($"The policy with name {name} cannot be found.");
        }

        return XmlResult.Empty;
    }

    private static FakeAccessKey FindKey(FakeRequest r)
    {
        var id = r.RequireParam("AccessKeyId");
        return KeysOf(r).Keys.Find(k => k.AccessKeyId == id)
            ?? throw NoSuchEntity($"The Access Key with id {id} cannot be found.");
    }

    /// <summary>The keys of the named user, or of the caller's own identity (root for a root caller).</summary>
    private static (string Name, List<FakeAccessKey> Keys) KeysOf(FakeRequest r)
    {
        var name = r.Param("UserName") ?? r.Caller.Arn.Split('/').Last();
        if (r.Param("UserName") is null && r.Caller.Arn == r.Account.RootArn)
        {
            return ("root", r.Account.Iam.Root.AccessKeys);
        }

        var user = r.Account.Iam.FindUser(name)
            ?? throw NoSuchEntity($"The user with name {name} cannot be found.");
        return (user.Name, user.AccessKeys);
    }

    /// <summary>Marker/MaxItems paging shared by the IAM list operations.</summary>
    internal static XmlResult Page(FakeRequest r, string listName, IReadOnlyList<XElement> items)
    {
        var start = ParseToken(r.Param("Marker"), "InvalidInput");
        var max = Math.Clamp(r.IntParam("MaxItems") ?? 100, 1, 1000);
        var page = items.Skip(start).Take(max).ToList();
        var truncated = start + page.Count < items.Count;
        var content = new List<XElement> { new(listName, page), new("IsTruncated", Bool(truncated)) };
        if (truncated)
        {
            content.Add(new XElement("Marker", Token(start + page.Count)));
        }

        return new XmlResult(content);
    }

    internal static string UserArn(FakeAccount account, FakeUser user) =>
        account.IamArn($"user{user.Path}{user.Name}");

    internal static AwsErrorException NoSuchEntity(string message) =>
        new("NoSuchEntity", message, HttpStatusCode.NotFound);
}
