// Dispatches on the benchmark name: `dotnet run -c Release --project bench/AwsHarden.Bench -- audit|secrets`.
return args.FirstOrDefault() switch
{
    "secrets" => await AwsHarden.Bench.SecretsBenchmark.RunAsync(args),
    "audit" => await AwsHarden.Bench.AuditBenchmark.RunAsync(args),
    _ => 0,
};
