using AwsHarden.Audit.Checks;
using AwsHarden.Model;

namespace AwsHarden.Tests.Audit.Checks;

// TODO(checks): the admin tests call PolicyAnalysis.GrantsFullAdmin and pass once the Policies area is merged.
public class IamPolicyChecksTests
{
    private static readonly ManagedPolicy Admin = new()
    {
        Name = "AdministratorAccess", Arn = "arn:aws:iam::aws:policy/AdministratorAccess", IsAwsManaged = true,
        Document = Snap.AdminPolicy,
    };

    private static readonly ManagedPolicy Read = new()
    {
        Name = "read", Arn = "arn:aws:iam::123456789012:policy/read", Document = Snap.ReadPolicy,
    };

    private static AccountSnapshot AuthDenied() => Snap.Empty() with
    {
        Iam = Snap.Empty().Iam with
        {
            Authorization = Collected<AuthorizationDetails>.Failed(Snap.Denied("iam:GetAccountAuthorizationDetails")),
        },
    };

    [Fact]
    public void IamAdminPrivileges_UserAdminViaGroup_FailsForUserAndGroup()
    {
        var details = new AuthorizationDetails
        {
            Users = [new IamUser { Name = "ann", Arn = "arn:aws:iam::123456789012:user/ann", Groups = ["Admins"] }],
            Groups = [new IamGroup { Name = "Admins", Arn = "arn:aws:iam::123456789012:group/Admins",
                AttachedPolicies = [new AttachedPolicy(Admin.Name, Admin.Arn)] }],
            Policies = [Admin],
        };

        var findings = Snap.Run<IamAdminPrivileges>(Snap.Empty().WithAuthorization(details));

        var user = findings.Single(f => f.Resource.EndsWith("user/ann"));
        Assert.Equal(Status.Fail, user.Status);
        Assert.Contains("group Admins", user.Message);
        Assert.Equal(Status.Fail, findings.Single(f => f.Resource.EndsWith("group/Admins")).Status);
    }

    [Fact]
    public void IamAdminPrivileges_RoleWithInlineAdmin_Fails()
    {
        var details = new AuthorizationDetails
        {
            Roles = [new IamRole { Name = "ops", Arn = "arn:aws:iam::123456789012:role/ops",
                InlinePolicies = [new InlinePolicy("all", Snap.AdminPolicy)] }],
        };

        var finding = Snap.Single<IamAdminPrivileges>(Snap.Empty().WithAuthorization(details));

        Assert.Equal(Status.Fail, finding.Status);
    }

    [Fact]
    public void IamAdminPrivileges_OnlyScopedPolicies_Passes()
    {
        var details = new AuthorizationDetails
        {
            Users = [new IamUser { Name = "ann", Arn = "arn:aws:iam::123456789012:user/ann",
                AttachedPolicies = [new AttachedPolicy(Read.Name, Read.Arn)] }],
            Policies = [Read],
        };

        Assert.Equal(Status.Pass, Snap.Single<IamAdminPrivileges>(Snap.Empty().WithAuthorization(details)).Status);
    }

    [Fact]
    public void IamAdminPrivileges_DocumentMissing_UnknownNotPass()
    {
        var details = new AuthorizationDetails
        {
            Users = [new IamUser { Name = "ann", Arn = "arn:aws:iam::123456789012:user/ann",
                AttachedPolicies = [new AttachedPolicy("gone", "arn:aws:iam::123456789012:policy/gone")] }],
        };

        var finding = Snap.Single<IamAdminPrivileges>(Snap.Empty().WithAuthorization(details));

        Assert.Equal(Status.Unknown, finding.Status);
    }

    [Fact]
    public void IamAdminPrivileges_AuthorizationDenied_Unknown() =>
        Assert.Equal(Status.Unknown, Snap.Single<IamAdminPrivileges>(AuthDenied()).Status);

    [Fact]
    public void IamCustomerPolicyAdmin_CustomerPolicyAllowsAll_FailsIgnoringAwsManaged()
    {
        var mine = new ManagedPolicy
        {
            Name = "everything", Arn = "arn:aws:iam::123456789012:policy/everything", Document = Snap.AdminPolicy,
        };
        var details = new AuthorizationDetails { Policies = [Admin, mine, Read] };

        var finding = Snap.Single<IamCustomerPolicyAdmin>(Snap.Empty().WithAuthorization(details));

        Assert.Equal(Status.Fail, finding.Status);
        Assert.Equal(mine.Arn, finding.Resource);
    }

    [Fact]
    public void IamCustomerPolicyAdmin_OnlyScoped_Passes() =>
        Assert.Equal(Status.Pass, Snap.Single<IamCustomerPolicyAdmin>(
            Snap.Empty().WithAuthorization(new AuthorizationDetails { Policies = [Admin, Read] })).Status);

    [Fact]
    public void IamCustomerPolicyAdmin_AuthorizationDenied_Unknown() =>
        Assert.Equal(Status.Unknown, Snap.Single<IamCustomerPolicyAdmin>(AuthDenied()).Status);

    [Fact]
    public void IamUserAttachedPolicies_UserWithInlinePolicy_Fails()
    {
        var details = new AuthorizationDetails
        {
            Users =
            [
                new IamUser { Name = "ann", Arn = "arn:aws:iam::123456789012:user/ann",
                    InlinePolicies = [new InlinePolicy("mine", Snap.ReadPolicy)] },
                new IamUser { Name = "ben", Arn = "arn:aws:iam::123456789012:user/ben", Groups = ["Dev"] },
            ],
        };

        var finding = Snap.Single<IamUserAttachedPolicies>(Snap.Empty().WithAuthorization(details));

        Assert.Equal(Status.Fail, finding.Status);
        Assert.EndsWith("user/ann", finding.Resource);
    }

    [Fact]
    public void IamUserAttachedPolicies_GroupsOnly_Passes() =>
        Assert.Equal(Status.Pass, Snap.Single<IamUserAttachedPolicies>(Snap.Empty()).Status);

    [Fact]
    public void IamUserAttachedPolicies_AuthorizationDenied_Unknown() =>
        Assert.Equal(Status.Unknown, Snap.Single<IamUserAttachedPolicies>(AuthDenied()).Status);
}
