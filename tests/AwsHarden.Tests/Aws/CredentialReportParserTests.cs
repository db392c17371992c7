using AwsHarden.Aws.Clients;

namespace AwsHarden.Tests.Aws;

public sealed class CredentialReportParserTests
{
    private const string Header =
        "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed," +
        "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated," +
        "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service," +
        "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date," +
        "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated," +
        "cert_2_active,cert_2_last_rotated";

    private const string Root =
        "<root_account>,arn:aws:iam::123456789012:root,2019-01-01T10:00:00+00:00,not_supported," +
        "2024-05-01T08:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A," +
        "N/A,false,N/A,false,N/A";

    private const string Alice =
        "alice,arn:aws:iam::123456789012:user/alice,2020-02-03T04:05:06+00:00,true,no_information," +
        "2020-02-03T04:05:06+00:00,N/A,false,true,2021-01-01T00:00:00+00:00,2024-06-30T12:00:00+00:00,us-east-1," +
        "s3,true,2022-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A";

    [Fact]
    public void Parse_RootRow_NotSupportedBecomesFalseOrNull()
    {
        var rows = CredentialReportParser.Parse($"{Header}\n{Root}\n{Alice}\n");

        var root = rows[0];
        Assert.True(root.IsRoot);
        Assert.False(root.PasswordEnabled);
        Assert.Null(root.PasswordLastChanged);
        Assert.True(root.MfaActive);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.Zero), root.PasswordLastUsed);
        Assert.Null(root.AccessKey1LastRotated);
    }

    [Fact]
    public void Parse_UserRow_ReadsKeysAndNoInformationAsNull()
    {
        var rows = CredentialReportParser.Parse($"{Header}\r\n{Root}\r\n{Alice}");

        var alice = Assert.Single(rows, r => r.User == "alice");
        Assert.Equal("arn:aws:iam::123456789012:user/alice", alice.Arn);
        Assert.True(alice.PasswordEnabled);
        Assert.Null(alice.PasswordLastUsed);
        Assert.True(alice.AccessKey1Active);
        Assert.Equal(new DateTimeOffset(2024, 6, 30, 12, 0, 0, TimeSpan.Zero), alice.AccessKey1LastUsed);
        Assert.True(alice.AccessKey2Active);
        Assert.Null(alice.AccessKey2LastUsed);
        Assert.False(alice.MfaActive);
    }

    [Fact]
    public void Parse_ColumnsReordered_ReadsByName()
    {
        var csv = "arn,user,mfa_active\narn:aws:iam::1:user/bob,bob,true";

        var row = Assert.Single(CredentialReportParser.Parse(csv));

        Assert.Equal("bob", row.User);
        Assert.True(row.MfaActive);
    }
}
