namespace AwsHarden.FakeAws.Services;

/// <summary>Every service handler the server dispatches to, one per signing name in the catalog.</summary>
internal static class ServiceRegistry
{
    public static IReadOnlyList<FakeService> Create() =>
    [
        new IamService(), new StsService(), new Ec2Service(), new CloudWatchService(), new CloudTrailService(),
        new CostExplorerService(), new OrganizationsService(), new SupportService(), new SsoAdminService(),
        new AccountService(), new GuardDutyService(), new AccessAnalyzerService(), new S3Service(),
        new SnsService(), new AthenaService(), new LambdaService(),
    ];
}
