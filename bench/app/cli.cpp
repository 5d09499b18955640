#include "bench/app/cli.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <stdexcept>

#include "bench/app/command_table.hpp"
#include "bench/run/usage_error.hpp"
#include "build_config.hpp"
#include "git_revision.hpp"
#include "reports/format/text_join.hpp"

namespace commbench {
namespace {

std::string command_names() {
  std::vector<std::string> names;
  for (const Command& command : command_table()) names.push_back(command.name);
  return joined(names);
}

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// CLI11 says "--minbytes: 1 required TEXT missing"; say which flag (short and long name) has
// no value and what it takes, from the command being parsed.
std::string missing_value_message(const CLI::App& app, const std::string& cli11_message) {
  const std::string name = cli11_message.substr(0, cli11_message.find(':'));
  const auto parsed = app.get_subcommands();
  const CLI::App* command = parsed.empty() ? app.get_subcommand(0) : parsed.front();
  const CLI::Option* option = command->get_option_no_throw(name);
  if (option == nullptr) return one_line(cli11_message) + " (see commbench --help)";
  std::string names = option->get_name(false, true);
  std::replace(names.begin(), names.end(), ',', '/');
  return names + ": the value is missing (accepted: " + option->get_description() + ")";
}

// CLI11's own message lists the unexpected arguments last first (it parses a reversed list);
// its remaining() has them in the order given.
std::string unexpected_arguments_message(const std::vector<std::string>& extras) {
  std::string text = extras.size() == 1 ? "The following argument was not expected:" :
                                          "The following arguments were not expected:";
  for (const std::string& extra : extras) text += " " + extra;
  return text + " (see commbench --help)";
}

}  // namespace

ParsedCommandLine parse_command_line(const std::vector<std::string>& arguments) {
  CLI::App app{"commbench: communication benchmarks for distributed training (run it under mpirun or srun)",
               "commbench"};
  app.set_version_flag("--version", std::string("commbench ") + kVersion + " (" + kGitRevision + ")");
  app.require_subcommand(1, 1);
  std::vector<SettingsFromFlags> settings;  // the table's order
  for (const Command& command : command_table()) {
    settings.push_back(command.add_flags(*app.add_subcommand(command.name, command.help)));
  }
  // A first word that is neither a flag nor a command is a misspelt command: say so plainly
  // (CLI11 would only say that a command is required).
  if (!arguments.empty() && !arguments.front().empty() && arguments.front()[0] != '-' &&
      find_command(arguments.front()) == nullptr) {
    throw UsageError("unknown command '" + arguments.front() + "' (accepted commands: " + command_names() + ")");
  }
  // Flags belong to a command; CLI11 would only list them as unexpected, last first.
  if (!arguments.empty() && arguments.front().size() > 1 && arguments.front()[0] == '-' &&
      arguments.front() != "-h" && arguments.front() != "--help" && arguments.front() != "--version") {
    throw UsageError("'" + arguments.front() + "' comes before the command (accepted: commbench COMMAND [flags], " +
                     "with COMMAND one of " + command_names() + ")");
  }
  std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());  // CLI11 takes them last first
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    return {std::nullopt, app.help()};
  } catch (const CLI::CallForAllHelp&) {
    return {std::nullopt, app.help("", CLI::AppFormatMode::All)};
  } catch (const CLI::CallForVersion& version) {
    return {std::nullopt, std::string(version.what()) + "\n"};
  } catch (const CLI::RequiredError& error) {
    throw UsageError(one_line(error.what()) + " (accepted commands: " + command_names() + ")");
  } catch (const CLI::ArgumentMismatch& error) {
    throw UsageError(missing_value_message(app, error.what()));
  } catch (const CLI::ExtrasError& error) {
    const std::vector<std::string> extras = app.remaining(true);
    if (extras.empty()) throw UsageError(one_line(error.what()) + " (see commbench --help)");
    throw UsageError(unexpected_arguments_message(extras));
  } catch (const CLI::ParseError& error) {
    throw UsageError(one_line(error.what()) + " (see commbench --help)");
  }
  const CLI::App* chosen = app.get_subcommands().front();
  const std::vector<Command>& commands = command_table();
  for (std::size_t index = 0; index < commands.size(); ++index) {
    if (commands[index].name == chosen->get_name()) return {settings[index](*chosen), ""};
  }
  throw std::logic_error("parse_command_line: no command named " + chosen->get_name());
}

}  // namespace commbench
