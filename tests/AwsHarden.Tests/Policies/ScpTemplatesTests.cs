using AwsHarden.Policies;

namespace AwsHarden.Tests.Policies;

public class ScpTemplatesTests
{
    private static readonly string[] BreakGlass = ["arn:aws:iam::*:role/BreakGlass"];

    public static TheoryData<string, string> AllTemplates() => new()
    {
        { "regions", ScpTemplates.DenyOutsideRegions(["eu-west-1", "eu-central-1"], BreakGlass) },
        { "instance-types", ScpTemplates.DenyInstanceTypesExcept(["t3.*", "m7g.large"]) },
        { "cloudtrail", ScpTemplates.ProtectCloudTrail(BreakGlass) },
        { "guardduty", ScpTemplates.ProtectGuardDuty() },
        { "log-bucket", ScpTemplates.ProtectLogBucket("org-trail-logs", BreakGlass) },
        { "root", ScpTemplates.DenyRootUser() },
        { "leave-org", ScpTemplates.DenyLeavingOrganization() },
    };

    [Theory]
    [MemberData(nameof(AllTemplates))]
    public void Template_Generated_ParsesAndPassesLint(string name, string json)
    {
        var report = PolicyLint.CheckScp(json);

        Assert.True(report.IsValid, $"{name}: {string.Join("; ", report.Issues.Select(i => i.Message))}");
        Assert.Empty(report.Issues);
        Assert.NotEmpty(PolicyDocument.Parse(json).Statements);
    }

    [Fact]
    public void DenyOutsideRegions_Generated_RecognisedWithRegionsAndGlobalExemptions()
    {
        var json = ScpTemplates.DenyOutsideRegions(["eu-west-1", "eu-central-1"], BreakGlass);
        var doc = PolicyDocument.Parse(json);

        Assert.True(PolicyAnalysis.RestrictsRegions(json));
        Assert.Equal(["eu-west-1", "eu-central-1"], PolicyAnalysis.AllowedRegions(doc));
        Assert.Equal(GlobalServices.ExemptActions, doc.Statements[0].NotActions);
    }

    [Fact]
    public void DenyOutsideRegions_Generated_DeniesRegionalActionOutsideButNotBreakGlass()
    {
        var scp = PolicyDocument.Parse(ScpTemplates.DenyOutsideRegions(["eu-west-1"], BreakGlass));
        var admin = PolicyDocument.Parse("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""");
        Dictionary<string, string> user = new()
        {
            ["aws:RequestedRegion"] = "us-west-2",
            ["aws:PrincipalArn"] = "arn:aws:iam::111122223333:user/alice",
        };
        Dictionary<string, string> breakGlass = new(user)
        {
            ["aws:PrincipalArn"] = "arn:aws:iam::111122223333:role/BreakGlass",
        };

        Assert.Equal(AccessDecision.ExplicitDeny,
            PolicyEvaluator.IsAllowed([admin, scp], [], "lambda:CreateFunction", "*", user).Decision);
        Assert.Equal(AccessDecision.Allowed,
            PolicyEvaluator.IsAllowed([admin, scp], [], "lambda:CreateFunction", "*", breakGlass).Decision);
        Assert.Equal(AccessDecision.Allowed,
            PolicyEvaluator.IsAllowed([admin, scp], [], "route53:ChangeResourceRecordSets", "*", user).Decision);
    }

    [Fact]
    public void DenyInstanceTypesExcept_Generated_RecognisedWithTypes()
    {
        var json = ScpTemplates.DenyInstanceTypesExcept(["t3.*", "m7g.large"]);

        Assert.True(PolicyAnalysis.RestrictsInstanceTypes(json));
        Assert.Equal(["t3.*", "m7g.large"], PolicyAnalysis.AllowedInstanceTypes(PolicyDocument.Parse(json)));
        Assert.False(PolicyAnalysis.RestrictsRegions(json));
    }

    [Fact]
    public void DenyRootUser_Generated_DeniesRootButNotRoles()
    {
        var scp = PolicyDocument.Parse(ScpTemplates.DenyRootUser());
        var admin = PolicyDocument.Parse("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""");

        var root = PolicyEvaluator.IsAllowed([admin, scp], [], "s3:GetObject", "*",
            new Dictionary<string, string> { ["aws:PrincipalArn"] = "arn:aws:iam::111122223333:root" });
        var role = PolicyEvaluator.IsAllowed([admin, scp], [], "s3:GetObject", "*",
            new Dictionary<string, string> { ["aws:PrincipalArn"] = "arn:aws:iam::111122223333:role/ops" });

        Assert.Equal(AccessDecision.ExplicitDeny, root.Decision);
        Assert.Equal(AccessDecision.Allowed, role.Decision);
    }

    [Fact]
    public void DenyLeavingOrganization_Generated_DeniesOnlyLeaveOrganization()
    {
        var statement = PolicyDocument.Parse(ScpTemplates.DenyLeavingOrganization()).Statements.Single();

        Assert.Equal(PolicyEffect.Deny, statement.Effect);
        Assert.True(statement.CoversAction("organizations:LeaveOrganization"));
        Assert.False(statement.CoversAction("organizations:DescribeOrganization"));
    }

    [Fact]
    public void ProtectLogBucket_Generated_CoversBucketAndObjectsOnly()
    {
        var statement = PolicyDocument.Parse(ScpTemplates.ProtectLogBucket("logs")).Statements.Single();

        Assert.True(statement.CoversResource("arn:aws:s3:::logs"));
        Assert.True(statement.CoversResource("arn:aws:s3:::logs/AWSLogs/1/x.gz"));
        Assert.False(statement.CoversResource("arn:aws:s3:::logs-other"));
        Assert.True(statement.CoversAction("s3:DeleteBucket"));
    }

    [Fact]
    public void Combine_AllTemplates_OneDocumentKeepingEveryStatement()
    {
        var templates = AllTemplates().Select(row => (string)row[1]).ToList();

        var combined = ScpTemplates.Combine(templates);
        var doc = PolicyDocument.Parse(combined);

        Assert.Equal(templates.Count, doc.Statements.Count);
        Assert.True(PolicyAnalysis.RestrictsRegions(combined));
        Assert.True(PolicyAnalysis.RestrictsInstanceTypes(combined));
        Assert.True(PolicyLint.CheckScp(combined).IsValid);
    }

    [Fact]
    public void DenyOutsideRegions_NoRegions_Throws() =>
        Assert.Throws<ArgumentException>(() => ScpTemplates.DenyOutsideRegions([]));
}
