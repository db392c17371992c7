using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using AwsHarden.Model;

namespace AwsHarden.Aws.Clients;

/// <summary>IAM (AWS Query, API 2010-05-08): the read operations the audit and the incident plans use.</summary>
public sealed class IamClient(AwsSession session)
{
    public const string ApiVersion = "2010-05-08";

    /// <summary>Starts (or refreshes) the credential report; returns its State: STARTED, INPROGRESS or COMPLETE.
    /// </summary>
    public async Task<string> GenerateCredentialReportAsync(CancellationToken ct)
    {
        var result = await CallAsync("GenerateCredentialReport", [], ct).ConfigureAwait(false);
        return result.ChildValue("State") ?? "";
    }

    /// <summary>The report's rows. Throws <see cref="AwsServiceException"/> with code ReportInProgress while
    /// it is being generated.</summary>
    public async Task<IReadOnlyList<CredentialReportRow>> GetCredentialReportAsync(CancellationToken ct)
    {
        var result = await CallAsync("GetCredentialReport", [], ct).ConfigureAwait(false);
        var content = Convert.FromBase64String(result.ChildValue("Content")?.Trim() ?? "");
        return CredentialReportParser.Parse(Encoding.UTF8.GetString(content));
    }

    /// <summary>All users, groups, roles and managed policies, every page joined (MaxItems 1000 per page).
    /// </summary>
    public async Task<AuthorizationDetails> GetAccountAuthorizationDetailsAsync(CancellationToken ct)
    {
        var pages = await AwsPaging.CollectAsync<XElement>(async marker =>
        {
            var result = await CallAsync("GetAccountAuthorizationDetails", WithMarker(marker), ct)
                .ConfigureAwait(false);
            return ([result], NextMarker(result));
        }).ConfigureAwait(false);

        return new AuthorizationDetails
        {
            Users = [.. pages.SelectMany(p => p.Members("UserDetailList")).Select(IamXml.User)],
            Groups = [.. pages.SelectMany(p => p.Members("GroupDetailList")).Select(IamXml.Group)],
            Roles = [.. pages.SelectMany(p => p.Members("RoleDetailList")).Select(IamXml.Role)],
            Policies = [.. pages.SelectMany(p => p.Members("Policies")).Select(IamXml.Policy)],
        };
    }

    /// <summary>The user an access key belongs to (GetAccessKeyLastUsed answers for keys of this account).
    /// </summary>
    public async Task<string?> GetAccessKeyUserAsync(string accessKeyId, CancellationToken ct)
    {
        var result = await CallAsync("GetAccessKeyLastUsed", [new("AccessKeyId", accessKeyId)], ct)
            .ConfigureAwait(false);
        return result.ChildValue("UserName");
    }

    /// <summary>When and where a key of this account was last used (GetAccessKeyLastUsed); IAM answers
    /// ServiceName and Region "N/A" and no date for a key never used.</summary>
    public async Task<AccessKeyLastUse> GetAccessKeyLastUseAsync(string accessKeyId, CancellationToken ct)
    {
        var result = await CallAsync("GetAccessKeyLastUsed", [new("AccessKeyId", accessKeyId)], ct)
            .ConfigureAwait(false);
        var used = result.Child("AccessKeyLastUsed") ?? result;
        static string? Known(string? value) => value is null or "N/A" ? null : value;
        return new AccessKeyLastUse(used.ChildDate("LastUsedDate"), Known(used.ChildValue("ServiceName")),
            Known(used.ChildValue("Region")));
    }

    /// <summary>One user's access keys (id, status, create date), every page.</summary>
    public Task<List<IamAccessKey>> ListAccessKeysAsync(string userName, CancellationToken ct) =>
        AwsPaging.CollectAsync<IamAccessKey>(async marker =>
        {
            var result = await CallAsync("ListAccessKeys",
                [.. WithMarker(marker), KeyValuePair.Create("UserName", userName)], ct).ConfigureAwait(false);
            var keys = result.Members("AccessKeyMetadata").Select(k => new IamAccessKey(
                k.ChildValue("UserName") ?? userName, k.ChildValue("AccessKeyId") ?? "", k.ChildValue("Status") ?? "",
                k.ChildDate("CreateDate")));
            return (keys.ToList(), NextMarker(result));
        });

    public async Task<IReadOnlyDictionary<string, long>> GetAccountSummaryAsync(CancellationToken ct)
    {
        var result = await CallAsync("GetAccountSummary", [], ct).ConfigureAwait(false);
        var map = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var entry in result.Child("SummaryMap")?.Elements() ?? [])
        {
            if (entry.ChildValue("key") is { } key
                && long.TryParse(entry.ChildValue("value"), NumberStyles.Integer, CultureInfo.InvariantCulture,
                    out var v))
            {
                map[key] = v;
            }
        }

        return map;
    }

    public async Task<IReadOnlyList<VirtualMfaDevice>> ListVirtualMfaDevicesAsync(CancellationToken ct)
    {
        return await AwsPaging.CollectAsync<VirtualMfaDevice>(async marker =>
        {
            var result = await CallAsync("ListVirtualMFADevices", WithMarker(marker), ct).ConfigureAwait(false);
            var devices = result.Members("VirtualMFADevices").Select(d =>
                new VirtualMfaDevice(d.ChildValue("SerialNumber") ?? "", d.Child("User")?.ChildValue("Arn")));
            return (devices.ToList(), NextMarker(result));
        }).ConfigureAwait(false);
    }

    /// <summary>The password policy, or <see cref="PasswordPolicy.None"/> when the account has none
    /// (NoSuchEntity).</summary>
    public async Task<PasswordPolicy> GetAccountPasswordPolicyAsync(CancellationToken ct)
    {
        XElement result;
        try
        {
            result = await CallAsync("GetAccountPasswordPolicy", [], ct).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity" || ex.StatusCode == HttpStatusCode.NotFound)
        {
            return PasswordPolicy.None;
        }

        var policy = result.Child("PasswordPolicy") ?? result;
        return new PasswordPolicy
        {
            Exists = true,
            MinimumPasswordLength = policy.ChildInt("MinimumPasswordLength") ?? 0,
            RequireSymbols = policy.ChildBool("RequireSymbols"),
            RequireNumbers = policy.ChildBool("RequireNumbers"),
            RequireUppercaseCharacters = policy.ChildBool("RequireUppercaseCharacters"),
            RequireLowercaseCharacters = policy.ChildBool("RequireLowercaseCharacters"),
            AllowUsersToChangePassword = policy.ChildBool("AllowUsersToChangePassword"),
            MaxPasswordAge = policy.ChildInt("MaxPasswordAge"),
            PasswordReusePrevention = policy.ChildInt("PasswordReusePrevention"),
            HardExpiry = policy.ChildBool("HardExpiry"),
        };
    }

    /// <summary>Whether a user, role, group (by name) or managed policy (by ARN) exists: GetUser, GetRole,
    /// GetGroup or GetPolicy, NoSuchEntity meaning no.</summary>
    public async Task<bool> ExistsAsync(string operation, string parameter, string value, CancellationToken ct)
    {
        try
        {
            await CallAsync(operation, [KeyValuePair.Create(parameter, value), .. MaxItems(operation)], ct)
                .ConfigureAwait(false);
            return true;
        }
        catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity")
        {
            return false;
        }
    }

    /// <summary>Whether the user has a console password (GetLoginProfile).</summary>
    public Task<bool> HasLoginProfileAsync(string userName, CancellationToken ct) =>
        ExistsAsync("GetLoginProfile", "UserName", userName, ct);

    /// <summary>One value of every item of a paged IAM list, e.g. ListAccessKeys' AccessKeyMetadata
    /// AccessKeyId; <paramref name="member"/> null for lists of plain strings (ListUserPolicies).</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string operation, string listName, string? member,
        IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken ct) =>
        await AwsPaging.CollectAsync<string>(async marker =>
        {
            // ListServiceSpecificCredentials answers in one page and takes no Marker or MaxItems.
            var paging = operation == "ListServiceSpecificCredentials" ? [] : WithMarker(marker);
            var result = await CallAsync(operation, [.. parameters, .. paging], ct).ConfigureAwait(false);
            var values = result.Members(listName).Select(m => member is null ? m.Value : m.ChildValue(member) ?? "");
            return (values.ToList(), NextMarker(result));
        }).ConfigureAwait(false);

    /// <summary>The non-default versions of a managed policy (ListPolicyVersions).</summary>
    public async Task<IReadOnlyList<string>> ListNonDefaultPolicyVersionsAsync(string policyArn, CancellationToken ct)
    {
        var versions = await AwsPaging.CollectAsync<XElement>(async marker =>
        {
            var result = await CallAsync("ListPolicyVersions", [KeyValuePair.Create("PolicyArn", policyArn),
                .. WithMarker(marker)], ct).ConfigureAwait(false);
            return (result.Members("Versions").ToList(), NextMarker(result));
        }).ConfigureAwait(false);
        return [.. versions.Where(v => !v.ChildBool("IsDefaultVersion")).Select(v => v.ChildValue("VersionId") ?? "")];
    }

    /// <summary>The users, roles and groups a managed policy is attached to (ListEntitiesForPolicy).</summary>
    public async Task<PolicyEntities> ListEntitiesForPolicyAsync(string policyArn, CancellationToken ct)
    {
        var pages = await AwsPaging.CollectAsync<XElement>(async marker =>
        {
            var result = await CallAsync("ListEntitiesForPolicy", [KeyValuePair.Create("PolicyArn", policyArn),
                .. WithMarker(marker)], ct).ConfigureAwait(false);
            return ([result], NextMarker(result));
        }).ConfigureAwait(false);
        List<string> Names(string list, string member) =>
            [.. pages.SelectMany(p => p.Members(list)).Select(m => m.ChildValue(member) ?? "")];
        return new PolicyEntities(Names("PolicyUsers", "UserName"), Names("PolicyRoles", "RoleName"),
            Names("PolicyGroups", "GroupName"));
    }

    // GetGroup pages its members; the other existence reads take no MaxItems.
    private static KeyValuePair<string, string>[] MaxItems(string operation) =>
        operation == "GetGroup" ? [KeyValuePair.Create("MaxItems", "1")] : [];

    private Task<XElement> CallAsync(
        string operation, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken ct) =>
        AwsQueryProtocol.CallAsync(session.Sender, AwsService.Iam, ApiVersion, session.HomeRegion, operation,
            parameters, ct);

    private static KeyValuePair<string, string>[] WithMarker(string? marker) => marker is null
        ? [KeyValuePair.Create("MaxItems", "1000")]
        : [KeyValuePair.Create("MaxItems", "1000"), KeyValuePair.Create("Marker", marker)];

    private static string? NextMarker(XElement result) =>
        result.ChildBool("IsTruncated") ? result.ChildValue("Marker") : null;
}

/// <summary>One access key as ListAccessKeys describes it (never its secret).</summary>
public sealed record IamAccessKey(string UserName, string AccessKeyId, string Status, DateTimeOffset? CreateDate);
/// <summary>An access key's last use; all null for a key never used.</summary>
public sealed record AccessKeyLastUse(DateTimeOffset? Date, string? ServiceName, string? Region);
/// <summary>Who a managed policy is attached to, by name.</summary>
public sealed record PolicyEntities(IReadOnlyList<string> Users, IReadOnlyList<string> Roles,
    IReadOnlyList<string> Groups);

/// <summary>Maps GetAccountAuthorizationDetails XML to the snapshot's records.</summary>
internal static class IamXml
{
    public static IamUser User(XElement e) => new()
    {
        Name = e.ChildValue("UserName") ?? "",
        Arn = e.ChildValue("Arn") ?? "",
        UserId = e.ChildValue("UserId"),
        CreateDate = e.ChildDate("CreateDate"),
        Groups = [.. e.Members("GroupList").Select(g => g.Value)],
        AttachedPolicies = Attached(e),
        InlinePolicies = Inline(e, "UserPolicyList"),
    };

    public static IamGroup Group(XElement e) => new()
    {
        Name = e.ChildValue("GroupName") ?? "",
        Arn = e.ChildValue("Arn") ?? "",
        AttachedPolicies = Attached(e),
        InlinePolicies = Inline(e, "GroupPolicyList"),
    };

    public static IamRole Role(XElement e) => new()
    {
        Name = e.ChildValue("RoleName") ?? "",
        Arn = e.ChildValue("Arn") ?? "",
        Path = e.ChildValue("Path"),
        CreateDate = e.ChildDate("CreateDate"),
        AssumeRolePolicyDocument = Decode(e.ChildValue("AssumeRolePolicyDocument")),
        InstanceProfiles = [.. e.Members("InstanceProfileList").Select(p => p.ChildValue("Arn") ?? "")],
        AttachedPolicies = Attached(e),
        InlinePolicies = Inline(e, "RolePolicyList"),
    };

    public static ManagedPolicy Policy(XElement e)
    {
        var arn = e.ChildValue("Arn") ?? "";
        var defaultVersion = e.Members("PolicyVersionList").FirstOrDefault(v => v.ChildBool("IsDefaultVersion"));
        return new ManagedPolicy
        {
            Name = e.ChildValue("PolicyName") ?? "",
            Arn = arn,
            AttachmentCount = e.ChildInt("AttachmentCount") ?? 0,
            IsAwsManaged = arn.Split(':') is { Length: > 4 } parts && parts[4] == "aws",
            CreateDate = e.ChildDate("CreateDate"),
            Document = Decode(defaultVersion?.ChildValue("Document")),
        };
    }

    /// <summary>IAM returns policy documents URL-encoded (RFC 3986) inside the XML.</summary>
    public static string? Decode(string? document) =>
        document is null ? null : Uri.UnescapeDataString(document);

    private static List<AttachedPolicy> Attached(XElement e) =>
        [.. e.Members("AttachedManagedPolicies")
            .Select(p => new AttachedPolicy(p.ChildValue("PolicyName") ?? "", p.ChildValue("PolicyArn") ?? ""))];

    private static List<InlinePolicy> Inline(XElement e, string listName) =>
        [.. e.Members(listName)
            .Select(p => new InlinePolicy(
                p.ChildValue("PolicyName") ?? "", Decode(p.ChildValue("PolicyDocument")) ?? ""))];
}
