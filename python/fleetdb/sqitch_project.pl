# Asks Sqitch itself what a project is: the plan as sqitch parsed it (tags, reworks, dependencies) and
# every path and variable as sqitch resolves them for one target. Run from the project directory (as
# `sqitch --chdir` does); prints one JSON object, or {"error": ...} when sqitch rejects the project.
#   perl sqitch_project.pl [--plan-file FILE] [TARGET]
#   TARGET: a target name, default the project's own; FILE: another plan (sqitch --plan-file)
use strict;
use warnings;
use JSON::PP;
use App::Sqitch;
use App::Sqitch::Config;
use App::Sqitch::Target;
use Path::Class ();

binmode STDOUT, ':encoding(UTF-8)';
my $plan_file;
if (@ARGV >= 2 && $ARGV[0] eq '--plan-file') { (undef, $plan_file) = splice @ARGV, 0, 2 }
my ($wanted) = @ARGV;
my $plan_path;  # known before the plan is parsed, so an error can name the file

sub vars_of {
    my ($config, $target, $command, @more) = @_;
    # App::Sqitch::Command::<command>::_collect_vars, in the same order (later wins).
    return {
        (map { %{ $config->get_section(section => $_) || {} } } 'core.variables', "$command.variables"),
        %{ $target->variables },
    };
}

sub describe {
    my $config = App::Sqitch::Config->new;
    my $sqitch = App::Sqitch->new(config => $config, options => {});
    my $target = App::Sqitch::Target->new(
        sqitch => $sqitch,
        ($wanted    ? (name      => $wanted)    : ()),
        ($plan_file ? (plan_file => Path::Class::file($plan_file)) : ()),
    );
    $plan_path = $target->plan_file->stringify;
    my $plan   = $target->plan;
    my @changes;
    for my $change ($plan->changes) {
        push @changes, {
            name          => $change->name,
            id            => $change->id,
            tag_qualified => $change->format_tag_qualified_name,
            tags          => [ map { $_->name } $change->tags ],
            rework_tags   => [ map { $_->name } $change->rework_tags ],
            requires      => [ map { $_->as_string } $change->requires ],
            conflicts     => [ map { $_->as_string } $change->conflicts ],
            note          => $change->note,
            deploy_file   => $change->deploy_file->stringify,
            revert_file   => $change->revert_file->stringify,
            verify_file   => $change->verify_file->stringify,
        };
    }
    my %targets;
    my %dump = $config->dump;
    for my $key (keys %dump) {
        $targets{$1} = $dump{$key} if $key =~ /^target\.(.+)\.uri$/;
    }
    return {
        project     => $plan->project,
        uri         => ($plan->uri ? $plan->uri->as_string : undef),
        plan_file   => $target->plan_file->stringify,
        top_dir     => $target->top_dir->stringify,
        deploy_dir  => $target->deploy_dir->stringify,
        revert_dir  => $target->revert_dir->stringify,
        verify_dir  => $target->verify_dir->stringify,
        extension   => $target->extension,
        engine      => $target->engine_key,
        target      => {
            name     => $target->name,
            uri      => $target->uri->as_string,
            registry => $target->registry,
            client   => $target->client,
        },
        variables   => { map { $_ => vars_of($config, $target, $_) } qw(deploy revert verify) },
        targets     => \%targets,
        changes     => \@changes,
    };
}

my $result = eval { describe() };
unless ($result) {
    my $error = $@;
    my $message = ref $error && eval { $error->can('message') } ? $error->message : "$error";
    $message =~ s/\s+\z//;
    $result = { error => $message, plan_file => $plan_path };
}
print JSON::PP->new->canonical->utf8(0)->encode($result), "\n";
exit($result->{error} ? 2 : 0);
