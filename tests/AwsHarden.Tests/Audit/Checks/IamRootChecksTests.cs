using AwsHarden.Audit.Checks;
using AwsHarden.Model;

namespace AwsHarden.Tests.Audit.Checks;

public class IamRootChecksTests
{
    [Fact]
    public void IamRootMfa_ReportShowsMfa_Passes() =>
        Assert.Equal(Status.Pass, Snap.Single<IamRootMfa>(Snap.Empty().WithReport(Snap.Root(mfa: true))).Status);

    [Fact]
    public void IamRootMfa_ReportShowsNoMfa_FailsOnRootArn()
    {
        var finding = Snap.Single<IamRootMfa>(Snap.Empty().WithReport(Snap.Root(mfa: false)));

        Assert.Equal(Status.Fail, finding.Status);
        Assert.Equal(Snap.RootArn, finding.Resource);
        Assert.Equal(Severity.Critical, finding.Severity);
    }

    [Fact]
    public void IamRootMfa_ReportDeniedButSummarySaysMfa_PassesFromSummary()
    {
        var snapshot = DeniedReport(Snap.Empty(), new Dictionary<string, long> { ["AccountMFAEnabled"] = 1 });

        Assert.Equal(Status.Pass, Snap.Single<IamRootMfa>(snapshot).Status);
    }

    [Fact]
    public void IamRootMfa_ReportAndSummaryUnreadable_UnknownWithReason()
    {
        var snapshot = DeniedReport(Snap.Empty(), new Dictionary<string, long>());

        var finding = Snap.Single<IamRootMfa>(snapshot);

        Assert.Equal(Status.Unknown, finding.Status);
        Assert.Equal("AccessDenied on iam:GetCredentialReport", finding.Message);
    }

    [Fact]
    public void IamRootHardwareMfa_NoVirtualDeviceForRoot_Passes()
    {
        var snapshot = WithDevices(Snap.Empty(), new VirtualMfaDevice("arn:aws:iam::123456789012:mfa/bob",
            "arn:aws:iam::123456789012:user/bob"));

        Assert.Equal(Status.Pass, Snap.Single<IamRootHardwareMfa>(snapshot).Status);
    }

    [Fact]
    public void IamRootHardwareMfa_VirtualDeviceOwnedByRoot_Fails()
    {
        var device = new VirtualMfaDevice("arn:aws:iam::123456789012:mfa/root", Snap.RootArn);
        var snapshot = WithDevices(Snap.Empty(), device);

        var finding = Snap.Single<IamRootHardwareMfa>(snapshot);

        Assert.Equal(Status.Fail, finding.Status);
        Assert.Contains("virtual", finding.Message);
        Assert.Equal(Severity.Medium, finding.Severity);
    }

    [Fact]
    public void IamRootHardwareMfa_RootWithoutAnyMfa_Fails() =>
        Assert.Equal(Status.Fail, Snap.Single<IamRootHardwareMfa>(Snap.Empty().WithReport(Snap.Root(false))).Status);

    [Fact]
    public void IamRootHardwareMfa_DevicesDenied_Unknown()
    {
        var snapshot = Snap.Empty();
        snapshot = snapshot with
        {
            Iam = snapshot.Iam with
            {
                VirtualMfaDevices = Collected<IReadOnlyList<VirtualMfaDevice>>.Failed(
                    Snap.Denied("iam:ListVirtualMFADevices")),
            },
        };

        var finding = Snap.Single<IamRootHardwareMfa>(snapshot);

        Assert.Equal(Status.Unknown, finding.Status);
        Assert.Equal("AccessDenied on iam:ListVirtualMFADevices", finding.Message);
    }

    [Fact]
    public void IamRootAccessKeys_NoActiveKey_Passes() =>
        Assert.Equal(Status.Pass, Snap.Single<IamRootAccessKeys>(Snap.Empty()).Status);

    [Fact]
    public void IamRootAccessKeys_ActiveKey_Fails()
    {
        var snapshot = Snap.Empty().WithReport(Snap.Root() with { AccessKey2Active = true });

        Assert.Equal(Status.Fail, Snap.Single<IamRootAccessKeys>(snapshot).Status);
    }

    [Fact]
    public void IamRootAccessKeys_ReportDeniedSummaryShowsKeys_FailsFromSummary()
    {
        var snapshot = DeniedReport(Snap.Empty(), new Dictionary<string, long> { ["AccountAccessKeysPresent"] = 1 });

        Assert.Equal(Status.Fail, Snap.Single<IamRootAccessKeys>(snapshot).Status);
    }

    [Fact]
    public void IamRootAccessKeys_NothingReadable_Unknown()
    {
        var snapshot = DeniedReport(Snap.Empty(), new Dictionary<string, long>());

        Assert.Equal(Status.Unknown, Snap.Single<IamRootAccessKeys>(snapshot).Status);
    }

    private static AccountSnapshot DeniedReport(AccountSnapshot s, Dictionary<string, long> summary) =>
        s with
        {
            Iam = s.Iam with
            {
                CredentialReport = Collected<IReadOnlyList<CredentialReportRow>>.Failed(
                    Snap.Denied("iam:GetCredentialReport")),
                AccountSummary = Collected<IReadOnlyDictionary<string, long>>.Of(summary),
            },
        };

    private static AccountSnapshot WithDevices(AccountSnapshot s, params VirtualMfaDevice[] devices) =>
        s with { Iam = s.Iam with { VirtualMfaDevices = Collected<IReadOnlyList<VirtualMfaDevice>>.Of(devices) } };
}
