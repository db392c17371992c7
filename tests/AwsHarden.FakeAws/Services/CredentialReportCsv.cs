using System.Globalization;
using System.Text;
using AwsHarden.FakeAws.State;

namespace AwsHarden.FakeAws.Services;

/// <summary>
/// Builds the IAM credential report from the account's state, with AWS's header, column order and value
/// spellings (N/A, no_information, not_supported).
/// </summary>
internal static class CredentialReportCsv
{
    public const string Header =
        "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed," +
        "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated," +
        "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service," +
        "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date," +
        "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated," +
        "cert_2_active,cert_2_last_rotated";

    private const string NotApplicable = "N/A";

    public static string Build(FakeAccount account)
    {
        var lines = new List<string> { Header, RootRow(account) };
        lines.AddRange(account.Iam.Users.Select(u => UserRow(account, u)));
        return string.Join('\n', lines);
    }

    private static string RootRow(FakeAccount account)
    {
        var root = account.Iam.Root;
        var fields = new List<string>
        {
            "<root_account>", account.RootArn, Time(account.CreatedAt), "not_supported",
            root.PasswordLastUsed is { } used ? Time(used) : "no_information", "not_supported", "not_supported",
            Bool(root.Mfa is not null),
        };
        fields.AddRange(KeyColumns(root.AccessKeys));
        fields.AddRange(CertColumns);
        return string.Join(',', fields);
    }

    private static string UserRow(FakeAccount account, FakeUser user)
    {
        var profile = user.LoginProfile;
        var changed = profile?.PasswordLastChanged ?? profile?.CreateDate;
        var maxAge = account.Iam.PasswordPolicy?.MaxPasswordAge;
        var fields = new List<string>
        {
            user.Name, account.IamArn($"user{user.Path}{user.Name}"), Time(user.CreateDate),
            Bool(profile is not null),
            profile is null ? NotApplicable : user.PasswordLastUsed is { } used ? Time(used) : "no_information",
            changed is { } c ? Time(c) : NotApplicable,
            changed is { } n && maxAge is { } days ? Time(n.AddDays(days)) : NotApplicable,
            Bool(user.MfaDevices.Count > 0),
        };
        fields.AddRange(KeyColumns(user.AccessKeys));
        fields.AddRange(CertColumns);
        return string.Join(',', fields);
    }

    private static IEnumerable<string> KeyColumns(IReadOnlyList<FakeAccessKey> keys)
    {
        for (var i = 0; i < 2; i++)
        {
            var key = i < keys.Count ? keys[i] : null;
            yield return Bool(key?.IsActive ?? false);
            yield return key is null ? NotApplicable : Time(key.CreateDate);
            yield return key?.LastUsedDate is { } used ? Time(used) : NotApplicable;
            yield return key?.LastUsedRegion ?? NotApplicable;
            yield return key?.LastUsedService ?? NotApplicable;
        }
    }

    private static IEnumerable<string> CertColumns => ["false", NotApplicable, "false", NotApplicable];

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    public static byte[] Encode(string csv) => Encoding.UTF8.GetBytes(csv);
}
