using AwsHarden.Audit.Checks;
using AwsHarden.Model;

namespace AwsHarden.Tests.Audit.Checks;

// TODO(checks): the Pass cases call PolicyAnalysis.Restricts* and pass once the Policies area is merged.
public class OrganizationsChecksTests
{
    private const string RegionScp = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*",
        "Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}}]}
        """;

    private const string InstanceScp = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:RunInstances",
        "Resource":"arn:aws:ec2:*:*:instance/*",
        "Condition":{"StringNotEquals":{"ec2:InstanceType":["t3.micro"]}}}]}
        """;

    private static AccountSnapshot Org(OrganizationData org) =>
        Snap.Empty() with { Organization = Collected<OrganizationData>.Of(org) };

    private static OrganizationData Member(params ServiceControlPolicy[] policies) => new()
    {
        InOrganization = true, ManagementAccountId = "999988887777", ScpEnabled = true, Policies = policies,
    };

    [Fact]
    public void ScpRegionRestriction_NoOrganization_Fails()
    {
        Assert.Equal(Status.Fail, Snap.Single<OrganizationsScpRegionRestriction>(Snap.Empty()).Status);
        Assert.Equal(Status.Fail, Snap.Single<OrganizationsScpInstanceTypeRestriction>(Snap.Empty()).Status);
    }

    [Fact]
    public void ScpRegionRestriction_ManagementAccount_FailsBecauseScpsNeverApply()
    {
        var org = Member(new ServiceControlPolicy("p-1", "regions", Snap.Account, RegionScp, false)) with
        {
            ManagementAccountId = Snap.Account,
        };

        var finding = Snap.Single<OrganizationsScpRegionRestriction>(Org(org));

        Assert.Equal(Status.Fail, finding.Status);
        Assert.Contains("management account", finding.Message);
    }

    [Fact]
    public void ScpRegionRestriction_ScpTypeDisabled_Fails() =>
        Assert.Equal(Status.Fail, Snap.Single<OrganizationsScpRegionRestriction>(
            Org(Member() with { ScpEnabled = false })).Status);

    [Fact]
    public void ScpRegionRestriction_PoliciesDenied_Unknown()
    {
        var org = Member() with { PoliciesError = Snap.Denied("organizations:ListPoliciesForTarget") };

        var finding = Snap.Single<OrganizationsScpRegionRestriction>(Org(org));

        Assert.Equal(Status.Unknown, finding.Status);
        Assert.Equal("AccessDenied on organizations:ListPoliciesForTarget", finding.Message);
    }

    [Fact]
    public void ScpRegionRestriction_DescribeDenied_Unknown()
    {
        var snapshot = Snap.Empty() with
        {
            Organization = Collected<OrganizationData>.Failed(Snap.Denied("organizations:DescribeOrganization")),
        };

        Assert.Equal(Status.Unknown, Snap.Single<OrganizationsScpInstanceTypeRestriction>(snapshot).Status);
    }

    [Fact]
    public void ScpRestrictions_RegionScpOnly_RegionPassesInstanceTypeFails()
    {
        var snapshot = Org(Member(new ServiceControlPolicy("p-1", "regions", "ou-1", RegionScp, false)));

        Assert.Equal(Status.Pass, Snap.Single<OrganizationsScpRegionRestriction>(snapshot).Status);
        Assert.Equal(Status.Fail, Snap.Single<OrganizationsScpInstanceTypeRestriction>(snapshot).Status);
    }

    [Fact]
    public void ScpRestrictions_InstanceScp_InstanceTypePasses()
    {
        var snapshot = Org(Member(new ServiceControlPolicy("p-2", "types", Snap.Account, InstanceScp, false)));

        Assert.Equal(Status.Pass, Snap.Single<OrganizationsScpInstanceTypeRestriction>(snapshot).Status);
    }
}
