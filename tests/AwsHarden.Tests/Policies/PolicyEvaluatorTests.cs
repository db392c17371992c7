using AwsHarden.Policies;

namespace AwsHarden.Tests.Policies;

public class PolicyEvaluatorTests
{
    private static readonly Dictionary<string, string> NoContext = [];

    private static PolicyDocument Doc(string statements) =>
        PolicyDocument.Parse($$"""{"Version":"2012-10-17","Statement":[{{statements}}]}""");

    private static readonly PolicyDocument Admin = Doc("""{"Effect":"Allow","Action":"*","Resource":"*"}""");

    private static AccessDecision Decide(IEnumerable<PolicyDocument> identity, IEnumerable<PolicyDocument> scps,
        string action, string resource = "*", Dictionary<string, string>? context = null) =>
        PolicyEvaluator.IsAllowed(identity, scps, action, resource, context ?? NoContext).Decision;

    [Fact]
    public void IsAllowed_AdminWithoutScps_Allowed()
    {
        var result = PolicyEvaluator.IsAllowed([Admin], [], "ec2:RunInstances", "*", NoContext);

        Assert.True(result.IsAllowed);
        Assert.Contains("identity policy #1", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void IsAllowed_NoIdentityAllow_ImplicitDeny() =>
        Assert.Equal(AccessDecision.ImplicitDeny,
            Decide([Doc("""{"Effect":"Allow","Action":"s3:*","Resource":"*"}""")], [], "ec2:RunInstances"));

    [Fact]
    public void IsAllowed_ExplicitDenyBeatsAllow_ExplicitDeny()
    {
        var deny = Doc("""{"Sid":"NoTrail","Effect":"Deny","Action":"cloudtrail:StopLogging","Resource":"*"}""");

        var result = PolicyEvaluator.IsAllowed([Admin, deny], [], "CloudTrail:StopLogging", "*", NoContext);

        Assert.Equal(AccessDecision.ExplicitDeny, result.Decision);
        Assert.Contains("NoTrail", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void IsAllowed_ScpWithoutAllow_ImplicitDeny()
    {
        var scp = Doc("""{"Effect":"Allow","Action":"s3:*","Resource":"*"}""");

        Assert.Equal(AccessDecision.ImplicitDeny, Decide([Admin], [scp], "ec2:RunInstances"));
        Assert.Equal(AccessDecision.Allowed, Decide([Admin], [scp], "s3:GetObject"));
    }

    [Fact]
    public void IsAllowed_RegionScp_DeniesOutsideAndAllowsInsideAndGlobal()
    {
        var fullAccess = Doc("""{"Effect":"Allow","Action":"*","Resource":"*"}""");
        var regions = PolicyDocument.Parse(PolicyTestFiles.Fixture("scps/regions.json"));
        Dictionary<string, string> outside = new() { ["aws:RequestedRegion"] = "ap-south-1" };
        Dictionary<string, string> inside = new() { ["AWS:RequestedRegion"] = "us-east-2" };

        PolicyDocument[] scps = [fullAccess, regions];

        Assert.Equal(AccessDecision.ExplicitDeny, Decide([Admin], scps, "ec2:RunInstances", "*", outside));
        Assert.Equal(AccessDecision.Allowed, Decide([Admin], scps, "ec2:RunInstances", "*", inside));
        Assert.Equal(AccessDecision.Allowed, Decide([Admin], scps, "iam:CreateUser", "*", outside));
    }

    [Fact]
    public void IsAllowed_RegionKeyMissing_NegatedConditionDenies()
    {
        var regions = PolicyDocument.Parse(PolicyTestFiles.Fixture("scps/regions.json"));

        Assert.Equal(AccessDecision.ExplicitDeny, Decide([Admin, regions], [], "ec2:RunInstances"));
    }

    [Fact]
    public void IsAllowed_InstanceTypeScp_StringNotLikeDeniesOtherTypes()
    {
        var types = PolicyDocument.Parse(PolicyTestFiles.Fixture("scps/instances.json"));
        const string instance = "arn:aws:ec2:eu-west-1:111122223333:instance/*";

        Assert.Equal(AccessDecision.ExplicitDeny, Decide([Admin, types], [], "ec2:RunInstances", instance,
            new() { ["ec2:InstanceType"] = "p4d.24xlarge" }));
        Assert.Equal(AccessDecision.Allowed, Decide([Admin, types], [], "ec2:RunInstances", instance,
            new() { ["ec2:InstanceType"] = "t3.large" }));
    }

    [Theory]
    [InlineData("true", AccessDecision.Allowed)]
    [InlineData("false", AccessDecision.ImplicitDeny)]
    public void IsAllowed_BoolCondition_FollowsContext(string mfa, AccessDecision expected)
    {
        var policy = Doc("""
            {"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}
            """);

        Dictionary<string, string> context = new() { ["aws:MultiFactorAuthPresent"] = mfa };

        Assert.Equal(expected, Decide([policy], [], "s3:GetObject", "*", context));
    }

    [Theory]
    [InlineData("2024-06-01T00:00:00Z", AccessDecision.Allowed)]
    [InlineData("2026-01-02T00:00:00Z", AccessDecision.ImplicitDeny)]
    public void IsAllowed_DateLessThan_ComparesTimes(string now, AccessDecision expected)
    {
        var policy = Doc("""
            {"Effect":"Allow","Action":"s3:*","Resource":"*",
             "Condition":{"DateLessThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}}
            """);

        Assert.Equal(expected, Decide([policy], [], "s3:GetObject", "*", new() { ["aws:CurrentTime"] = now }));
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:role/admin", AccessDecision.Allowed)]
    [InlineData("arn:aws:iam::111122223333:user/alice", AccessDecision.ImplicitDeny)]
    public void IsAllowed_ArnLikeCondition_MatchesPrincipal(string principal, AccessDecision expected)
    {
        var policy = Doc("""
            {"Effect":"Allow","Action":"s3:*","Resource":"*",
             "Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/*"}}}
            """);

        Assert.Equal(expected, Decide([policy], [], "s3:GetObject", "*", new() { ["aws:PrincipalArn"] = principal }));
    }

    [Fact]
    public void IsAllowed_IfExistsWithMissingKey_ConditionHolds()
    {
        var policy = Doc("""
            {"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqualsIfExists":{"s3:prefix":"home/"}}}
            """);

        Assert.Equal(AccessDecision.Allowed, Decide([policy], [], "s3:ListBucket"));
        Assert.Equal(AccessDecision.ImplicitDeny, Decide([policy], [], "s3:ListBucket", "*",
            new() { ["s3:prefix"] = "other/" }));
    }

    [Fact]
    public void IsAllowed_UnsupportedOperatorOnDeny_Undetermined()
    {
        var deny = Doc("""
            {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"BinaryEquals":{"k":"QmluYXJ5"}}}
            """);

        Dictionary<string, string> context = new() { ["k"] = "x" };

        var result = PolicyEvaluator.IsAllowed([Admin, deny], [], "s3:GetObject", "*", context);

        Assert.Equal(AccessDecision.Undetermined, result.Decision);
        Assert.Contains("BinaryEquals", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void IsAllowed_UnknownDenyButNoAllow_ImplicitDeny()
    {
        var deny = Doc("""{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Frobnicate":{"k":"v"}}}""");

        Assert.Equal(AccessDecision.ImplicitDeny, Decide([deny], [], "s3:GetObject"));
    }

    [Fact]
    public void IsAllowed_PolicyVariableInResource_SubstitutedOrUndetermined()
    {
        var policy = Doc("""
            {"Effect":"Allow","Action":"iam:*AccessKey*","Resource":"arn:aws:iam::*:user/${aws:username}"}
            """);
        const string alice = "arn:aws:iam::111122223333:user/alice";

        Assert.Equal(AccessDecision.Allowed, Decide([policy], [], "iam:CreateAccessKey", alice,
            new() { ["aws:username"] = "alice" }));
        Assert.Equal(AccessDecision.ImplicitDeny, Decide([policy], [], "iam:CreateAccessKey", alice,
            new() { ["aws:username"] = "bob" }));
        Assert.Equal(AccessDecision.Undetermined, Decide([policy], [], "iam:CreateAccessKey", alice));
    }

    [Fact]
    public void IsAllowed_NotResourceDeny_ExemptsListedResource()
    {
        var deny = Doc("""{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::logs/*"}""");

        Assert.Equal(AccessDecision.Allowed, Decide([Admin, deny], [], "s3:GetObject", "arn:aws:s3:::logs/a"));
        Assert.Equal(AccessDecision.ExplicitDeny, Decide([Admin, deny], [], "s3:GetObject", "arn:aws:s3:::data/a"));
    }

    [Theory]
    [InlineData("203.0.113.7", AccessDecision.Allowed)]
    [InlineData("198.51.100.7", AccessDecision.ImplicitDeny)]
    public void IsAllowed_IpAddressCondition_ChecksCidr(string ip, AccessDecision expected)
    {
        var policy = Doc("""
            {"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24"]}}}
            """);

        Assert.Equal(expected, Decide([policy], [], "s3:GetObject", "*", new() { ["aws:SourceIp"] = ip }));
    }

    [Fact]
    public void IsAllowed_ScpDocumentWithoutStatements_ImplicitDeny()
    {
        var empty = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[]}""");

        Assert.Equal(AccessDecision.ImplicitDeny, Decide([Admin], [empty], "s3:GetObject"));
    }
}
