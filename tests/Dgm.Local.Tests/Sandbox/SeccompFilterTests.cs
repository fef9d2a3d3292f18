using System.Buffers.Binary;
using Dgm.Local.Sandbox;

namespace Dgm.Local.Tests.Sandbox;

/// <summary>The filter's program, run by a small classic-BPF interpreter on made-up calls for each architecture.</summary>
public sealed class SeccompFilterTests
{
    private const uint X32Bit = 0x40000000;
    private const uint CloneNewUser = 0x10000000;
    private const uint CloneNewNet = 0x40000000;
    private const uint ThreadFlags = 0x003d0f00; // what glibc's pthread_create passes: VM, FS, FILES, SIGHAND, THREAD, SYSVSEM, SETTLS, PARENT_SETTID, CHILD_CLEARTID

    public static TheoryData<string> Architectures => new() { "x64", "arm64" };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Every_denied_call_fails_with_eperm_and_ordinary_calls_pass(string architecture)
    {
        var table = TableOf(architecture);
        var program = SeccompFilter.Build(table);

        foreach (var name in SeccompFilter.Denied)
        {
            Assert.Equal(SeccompFilter.ErrnoEperm, Run(program, table.AuditArch, table.Numbers[name]));
        }

        // read, write, openat, execve on x86-64 and arm64 alike are not in the table: every number outside it passes.
        var denied = SeccompFilter.Denied.Select(n => table.Numbers[n]).Append(table.Numbers["clone"]).Append(table.Numbers["clone3"]).ToHashSet();
        foreach (var number in Enumerable.Range(0, 460).Select(n => (uint)n).Where(n => !denied.Contains(n)))
        {
            Assert.Equal(SeccompFilter.Allow, Run(program, table.AuditArch, number));
        }
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Clone_may_start_threads_and_processes_but_not_namespaces_and_clone3_falls_back(string architecture)
    {
        var table = TableOf(architecture);
        var program = SeccompFilter.Build(table);
        var clone = table.Numbers["clone"];

        Assert.Equal(SeccompFilter.Allow, Run(program, table.AuditArch, clone, ThreadFlags));
        Assert.Equal(SeccompFilter.Allow, Run(program, table.AuditArch, clone, 17)); // fork: SIGCHLD only
        Assert.Equal(SeccompFilter.ErrnoEperm, Run(program, table.AuditArch, clone, 17 | CloneNewUser));
        Assert.Equal(SeccompFilter.ErrnoEperm, Run(program, table.AuditArch, clone, 17 | CloneNewNet));
        Assert.Equal(SeccompFilter.ErrnoEnosys, Run(program, table.AuditArch, table.Numbers["clone3"]));
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void A_call_from_another_architecture_kills_the_process(string architecture)
    {
        var table = TableOf(architecture);
        var other = architecture == "x64" ? SeccompFilter.Table.Arm64 : SeccompFilter.Table.X64;

        Assert.Equal(SeccompFilter.KillProcess, Run(SeccompFilter.Build(table), other.AuditArch, 0));
    }

    [Fact]
    public void An_x32_call_on_x86_64_kills_the_process_as_its_number_would_slip_past_the_table()
    {
        var table = SeccompFilter.Table.X64;

        Assert.Equal(SeccompFilter.KillProcess, Run(SeccompFilter.Build(table), table.AuditArch, X32Bit | table.Numbers["keyctl"]));
        Assert.Equal(SeccompFilter.KillProcess, Run(SeccompFilter.Build(table), table.AuditArch, X32Bit));
    }

    private static SeccompFilter.Table TableOf(string architecture) => architecture == "x64" ? SeccompFilter.Table.X64 : SeccompFilter.Table.Arm64;

    /// <summary>Classic BPF over <c>struct seccomp_data</c> (nr, arch, instruction pointer, six arguments), as the kernel runs it.</summary>
    private static uint Run(byte[] program, uint arch, uint number, ulong firstArgument = 0)
    {
        var data = new byte[64];
        BinaryPrimitives.WriteUInt32LittleEndian(data, number);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), arch);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(16), firstArgument);
        Assert.Equal(0, program.Length % 8);
        uint accumulator = 0;
        for (var pc = 0; ;)
        {
            var instruction = program.AsSpan(pc * 8, 8);
            var code = BinaryPrimitives.ReadUInt16LittleEndian(instruction);
            var k = BinaryPrimitives.ReadUInt32LittleEndian(instruction[4..]);
            bool? condition = code switch
            {
                0x15 => accumulator == k,
                0x35 => accumulator >= k,
                0x45 => (accumulator & k) != 0,
                _ => null,
            };
            switch (code)
            {
                case 0x20:
                    accumulator = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)k));
                    pc++;
                    break;
                case 0x06:
                    return k;
                default:
                    Assert.NotNull(condition);
                    pc += 1 + (condition.Value ? instruction[2] : instruction[3]);
                    break;
            }

            Assert.InRange(pc, 0, program.Length / 8 - 1);
        }
    }
}
