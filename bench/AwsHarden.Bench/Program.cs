// Dispatches on the benchmark name: `dotnet run -c Release --project bench/AwsHarden.Bench -- secrets`.
return args.FirstOrDefault() switch
{
    "secrets" => await AwsHarden.Bench.SecretsBenchmark.RunAsync(args),
    _ => 0,
};
