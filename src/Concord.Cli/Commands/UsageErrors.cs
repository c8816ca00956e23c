using System.CommandLine;
using System.CommandLine.Parsing;

namespace Concord.Cli.Commands;

/// <summary>
/// Turns the parser's errors into the one line a user sees: what was wrong and what would be valid
/// (the commands or options of the command being parsed).
/// </summary>
internal static class UsageErrors
{
    public static string Describe(ParseResult parsed)
    {
        Command command = parsed.CommandResult.Command;
        string path = CommandPath(parsed.CommandResult); // "run", or "disk put" for a subcommand's subcommand
        string where = command is RootCommand ? "" : $"{path}: ";
        string help = command is RootCommand ? $"'{ConcordCli.Name} --help'" : $"'{ConcordCli.Name} {path} --help'";

        // A required argument missing: its name and the command's usage.
        if (command is UsageCommand usage && usage.Arguments.FirstOrDefault(a => a.Arity.MinimumNumberOfValues > 0
                && parsed.GetResult(a) is not ArgumentResult { Tokens.Count: > 0 }) is { } missing)
            return $"{where}{UsageCommand.Missing(missing.Name, usage)}";

        // Errors about one option first: a value the option refused explains a stray token after it.
        ParseError? optionError = parsed.Errors.FirstOrDefault(e => e.SymbolResult is OptionResult or ArgumentResult);
        if (optionError is null && parsed.UnmatchedTokens.Count > 0)
        {
            string token = parsed.UnmatchedTokens[0];
            if (token.StartsWith('-'))
                return $"{where}unknown option '{token}'; valid options: {ValidOptions(command)} (see {help})";
            if (command.Subcommands.Count > 0)
                return $"{where}unknown command '{token}'; valid commands: {string.Join(", ", command.Subcommands.Select(c => c.Name))} (see {help})";
            return command.Options.Any(o => !o.Hidden)
                ? $"{where}unexpected argument '{token}'; valid options: {ValidOptions(command)} (see {help})"
                : $"{where}unexpected argument '{token}' (see {help})";
        }

        ParseError error = optionError ?? parsed.Errors[0];
        string message = error.Message.TrimEnd('.');
        OptionResult? option = error.SymbolResult as OptionResult ?? (error.SymbolResult as ArgumentResult)?.Parent as OptionResult;
        if (option is not null && option.Tokens.Count == 0 && option.Option.Arity.MinimumNumberOfValues > 0)
            return $"{where}option '{option.Option.Name}' needs a value ({option.Option.HelpName ?? "VALUE"}): {option.Option.Description} (see {help})";
        if (option is not null || error.SymbolResult is CommandResult { Command: not RootCommand })
            return $"{where}{message} (see {help})";
        return $"{where}{message}; valid options: {ValidOptions(command)} (see {help})";
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult { Command: not RootCommand } c; r = c.Parent) names.Insert(0, c.Command.Name);
        return string.Join(' ', names);
    }

    private static string ValidOptions(Command command) =>
        string.Join(", ", command.Options.Where(o => !o.Hidden).Select(o => o.Name));
}
