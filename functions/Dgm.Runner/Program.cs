using Dgm.Jobs;
using Dgm.Runner;
using Dgm.Runner.Steps;
using Dgm.Runner.Transfer;

// dgm-runner step      — do the job's step (DGM_STEP) in the job root and write its report
// dgm-runner transfer  — fetch the inputs, run the job's command under its limits, upload the outputs (ACI)
// The two modes keep the harness's work (step) apart from moving files (transfer), which only ACI needs.
return args switch
{
    ["step"] => await StepRunner.RunAsync(Environment.GetEnvironmentVariable, Console.Error),
    ["transfer"] => await TransferRunner.RunAsync(Console.Error),
    ["--version"] => Version(),
    _ => Usage(),
};

static int Version()
{
    Console.Out.WriteLine(RunnerInfo.Version);
    return RunnerExitCodes.Done;
}

static int Usage()
{
    Console.Error.WriteLine("usage: dgm-runner step | transfer | --version");
    return RunnerExitCodes.BadStep;
}
