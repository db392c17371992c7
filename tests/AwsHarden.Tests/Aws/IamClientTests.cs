using System.Net;
using System.Text;
using AwsHarden.Aws.Clients;

namespace AwsHarden.Tests.Aws;

public sealed class IamClientTests
{
    private const string Ns = "xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"";

    private static string Page(string body, string? marker) =>
        $"<GetAccountAuthorizationDetailsResponse {Ns}><GetAccountAuthorizationDetailsResult>{body}" +
        (marker is null
            ? "<IsTruncated>false</IsTruncated>"
            : $"<IsTruncated>true</IsTruncated><Marker>{marker}</Marker>") +
        "</GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>";

    [Fact]
    public async Task GetAccountAuthorizationDetailsAsync_TwoPages_JoinsAndDecodesDocuments()
    {
        var inline = Uri.EscapeDataString("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*"}]}""");
        var first = Page(
            "<UserDetailList><member><UserName>alice</UserName><UserId>AIDA1</UserId>" +
            "<Arn>arn:aws:iam::123456789012:user/alice</Arn><CreateDate>2020-01-01T00:00:00Z</CreateDate>" +
            "<GroupList><member>admins</member></GroupList>" +
            $"<UserPolicyList><member><PolicyName>all</PolicyName><PolicyDocument>{inline}</PolicyDocument>" +
            "</member></UserPolicyList><AttachedManagedPolicies><member><PolicyName>ReadOnlyAccess</PolicyName>" +
            "<PolicyArn>arn:aws:iam::aws:policy/ReadOnlyAccess</PolicyArn></member></AttachedManagedPolicies>" +
            "</member></UserDetailList>", marker: "page2");
        var second = Page(
            "<RoleDetailList><member><RoleName>deploy</RoleName><Path>/</Path>" +
            "<Arn>arn:aws:iam::123456789012:role/deploy</Arn>" +
            $"<AssumeRolePolicyDocument>{inline}</AssumeRolePolicyDocument>" +
            "<InstanceProfileList><member><Arn>arn:aws:iam::123456789012:instance-profile/deploy</Arn></member>" +
            "</InstanceProfileList></member></RoleDetailList>" +
            "<Policies><member><PolicyName>ReadOnlyAccess</PolicyName>" +
            "<Arn>arn:aws:iam::aws:policy/ReadOnlyAccess</Arn><AttachmentCount>1</AttachmentCount>" +
            "<PolicyVersionList><member><Document>old</Document><IsDefaultVersion>false</IsDefaultVersion></member>" +
            $"<member><Document>{inline}</Document><IsDefaultVersion>true</IsDefaultVersion></member>" +
            "</PolicyVersionList></member></Policies>", marker: null);
        var stub = new StubAwsHandler().On("iam:GetAccountAuthorizationDetails", r =>
            StubAwsHandler.Xml(HttpStatusCode.OK,
                r.Body.Contains("Marker=page2", StringComparison.Ordinal) ? second : first));
        using var session = TestSessions.Create(stub);

        var details = await new IamClient(session).GetAccountAuthorizationDetailsAsync(CancellationToken.None);

        var alice = Assert.Single(details.Users);
        Assert.Equal(["admins"], alice.Groups);
        Assert.StartsWith("{\"Version\"", alice.InlinePolicies.Single().Document, StringComparison.Ordinal);
        Assert.Equal("arn:aws:iam::aws:policy/ReadOnlyAccess", alice.AttachedPolicies.Single().Arn);
        var role = Assert.Single(details.Roles);
        Assert.Contains("\"Action\":\"*\"", role.AssumeRolePolicyDocument, StringComparison.Ordinal);
        Assert.Equal(["arn:aws:iam::123456789012:instance-profile/deploy"], role.InstanceProfiles);
        var policy = Assert.Single(details.Policies);
        Assert.True(policy.IsAwsManaged);
        Assert.StartsWith("{", policy.Document, StringComparison.Ordinal);
        Assert.All(stub.Requests, r => Assert.Contains("MaxItems=1000", r.Body, StringComparison.Ordinal));
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task GetAccountPasswordPolicyAsync_NoSuchEntity_ReturnsNone()
    {
        var stub = new StubAwsHandler().On("iam:GetAccountPasswordPolicy",
            _ => StubAwsHandler.QueryError(HttpStatusCode.NotFound, "NoSuchEntity", "no policy"));
        using var session = TestSessions.Create(stub);

        var policy = await new IamClient(session).GetAccountPasswordPolicyAsync(CancellationToken.None);

        Assert.False(policy.Exists);
    }

    [Fact]
    public async Task GetAccountPasswordPolicyAsync_Policy_ReadsFields()
    {
        var stub = new StubAwsHandler().OnXml("iam:GetAccountPasswordPolicy",
            $"<GetAccountPasswordPolicyResponse {Ns}><GetAccountPasswordPolicyResult><PasswordPolicy>" +
            "<MinimumPasswordLength>14</MinimumPasswordLength><RequireSymbols>true</RequireSymbols>" +
            "<RequireNumbers>false</RequireNumbers><PasswordReusePrevention>24</PasswordReusePrevention>" +
            "</PasswordPolicy></GetAccountPasswordPolicyResult></GetAccountPasswordPolicyResponse>");
        using var session = TestSessions.Create(stub);

        var policy = await new IamClient(session).GetAccountPasswordPolicyAsync(CancellationToken.None);

        Assert.True(policy.Exists);
        Assert.Equal(14, policy.MinimumPasswordLength);
        Assert.True(policy.RequireSymbols);
        Assert.False(policy.RequireNumbers);
        Assert.Equal(24, policy.PasswordReusePrevention);
        Assert.Null(policy.MaxPasswordAge);
    }

    [Fact]
    public async Task GetCredentialReportAsync_Base64Content_ParsesRows()
    {
        var csv = "user,arn,mfa_active\n<root_account>,arn:aws:iam::123456789012:root,false";
        var stub = new StubAwsHandler().OnXml("iam:GetCredentialReport",
            $"<GetCredentialReportResponse {Ns}><GetCredentialReportResult>" +
            $"<Content>{Convert.ToBase64String(Encoding.UTF8.GetBytes(csv))}</Content>" +
            "<ReportFormat>text/csv</ReportFormat>" +
            "</GetCredentialReportResult></GetCredentialReportResponse>");
        using var session = TestSessions.Create(stub);

        var rows = await new IamClient(session).GetCredentialReportAsync(CancellationToken.None);

        Assert.True(Assert.Single(rows).IsRoot);
    }
}
