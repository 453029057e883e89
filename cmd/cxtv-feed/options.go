package main

import (
	"fmt"
	"slices"
	"time"

	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
	"github.com/cxtv/cxtv/feed/ingest"
	"github.com/cxtv/cxtv/feed/intake"
	"github.com/cxtv/cxtv/feed/poll"
	"github.com/cxtv/cxtv/feed/server"
)

// The functions here turn a validated config, whose validation has filled
// in every default, into the options of each package below cmd. They copy
// and convert; they neither check nor default.

// serverOptions is what the HTTP server checks requests against and
// serves; logos are the channels' in their order, sources the config's.
func serverOptions(c *config.Feed, logos []logo, sources []*intake.Source) server.Config {
	out := server.Config{
		AdminToken:   c.AdminToken,
		RateLimit:    server.RateLimit{PerMinute: c.RateLimit.PerMinute, Burst: c.RateLimit.Burst},
		OfflineAfter: c.OfflineAfter,
	}
	for i, s := range c.Sources {
		in := sources[i]
		out.Sources = append(out.Sources, server.Source{
			Name: s.Name, Type: s.Type, Token: s.Token, Scale: s.Scale,
			Verify: in.Verify, Webhook: in.Webhook, Import: in.Import, Pulled: s.Polled(),
		})
	}
	for i, ch := range c.Channels {
		out.Channels = append(out.Channels, server.Channel{
			Name: ch.Name, DisplayToken: ch.DisplayToken, MaxScreens: ch.MaxScreens, Logo: logos[i].png, LogoHash: logos[i].hash,
		})
	}
	return out
}

// maxPullTime bounds one pull of a tool's API, all its pages.
const maxPullTime = 5 * time.Minute

// pollSources are the polled ones among c's sources: cxtv sources with a
// poll URL, and the pulled types, whose adapters sources hold.
func pollSources(c *config.Feed, sources []*intake.Source) []poll.Source {
	var out []poll.Source
	for i, s := range c.Sources {
		if !s.Polled() {
			continue
		}
		if pull := sources[i].Pull; pull != nil {
			out = append(out, poll.Source{
				Name: s.Name, Interval: s.Interval, Timeout: min(maxPullTime, s.Interval), Pull: pull,
				Settings: fmt.Sprintf("%+v", s),
			})
			continue
		}
		out = append(out, poll.Source{
			Name: s.Name, URL: s.Poll.URL, Interval: s.Poll.Interval, Timeout: s.Poll.Timeout, Headers: s.Poll.Headers,
			Decode: ingest.PollOptions{
				Source: s.Name, Scale: s.Scale, Format: s.Poll.Format, Items: s.Poll.Items, Fields: s.Poll.Fields,
				ScorePattern: s.Poll.ScorePattern, Touchpoint: s.Poll.Touchpoint,
			},
		})
	}
	return out
}

// csvOptions say how cxtv-feed import reads a survey export of s.
func csvOptions(s *config.SourceConfig, now time.Time) ingest.CSVOptions {
	return ingest.CSVOptions{
		Source: s.Name, Scale: s.Scale, Now: now,
		Separator: s.CSV.Separator, Decimal: s.CSV.Decimal, DateFormat: s.CSV.DateFormat,
		TimeZone: s.CSV.TimeZone, Columns: s.CSV.Columns,
	}
}

// intakeConfig is what feed/intake needs of s.
func intakeConfig(s *config.SourceConfig, now time.Time) intake.Config {
	out := intake.Config{
		Name: s.Name, Type: s.Type, Scale: s.Scale, CSV: csvOptions(s, now),
		Secret: s.Secret, APIKey: s.APIKey, APISecret: s.APISecret, SurveyID: s.SurveyID, AccessToken: s.AccessToken,
		AppID: s.AppID, Country: s.Country, PackageName: s.PackageName, CredentialsFile: s.CredentialsFile,
		Interval: s.Interval, APIBase: s.APIBase, Columns: s.Columns, Fields: s.Fields,
	}
	if s.TimeZone != "" {
		// Validation has loaded it already.
		out.TimeZone, _ = time.LoadLocation(s.TimeZone)
	}
	return out
}

func moderation(m config.Moderation, p config.Privacy) curate.Moderation {
	return curate.Moderation{BlockedWords: m.BlockedWords, DefaultLists: m.DefaultLists, Names: m.Names, Allow: p.Allow}
}

// channelOptions is what a channel's snapshot is made of, with its logo
// and the global themes before its own; until dates end in loc. The error
// names the key of a date that does not parse, which validation has
// already refused.
func channelOptions(ch *config.ChannelConfig, themes []config.TopicConfig, lg logo, loc *time.Location) (curate.Channel, error) {
	out := curate.Channel{
		Name: ch.Name, Title: ch.Title, Language: ch.Language, Sources: ch.Sources, Ticker: ch.Ticker,
		Theme:      feed.Theme{Background: ch.Theme.Background, Foreground: ch.Theme.Foreground, Accent: ch.Theme.Accent, LogoHash: lg.hash},
		Schedule:   ch.Schedule.Feed(),
		MaxAgeDays: ch.MaxAgeDays, MinLength: ch.MinLength, Languages: ch.Languages, Touchpoints: ch.Touchpoints, Hidden: ch.Hidden,
		Selection: curate.Selection{
			Latest:    ch.Selection.Mode == "latest",
			Promoters: ch.Selection.Promoters, Passives: ch.Selection.Passives, Detractors: ch.Selection.Detractors,
		},
		MaxComments: ch.MaxComments,
		Privacy:     curate.Privacy{HidePeople: ch.Privacy.People == "hide", HideNegative: *ch.Privacy.HideNegative},
		PeriodDays:  ch.PeriodDays, MinAnswers: ch.MinAnswers, TrendWeeks: ch.TrendWeeks,
		TargetNPS: target(ch.Targets.NPS), TargetStars: target(ch.Targets.Stars),
		ThemeMinComments: ch.ThemeMinComments,
	}
	for _, t := range append(slices.Clip(themes), ch.Themes...) {
		out.Themes = append(out.Themes, curate.Theme{Name: t.Name, Match: t.Match})
	}
	for _, sl := range ch.Slides {
		out.Slides = append(out.Slides, feed.Slide{Kind: sl.Kind, Seconds: sl.Seconds})
	}
	for i, a := range ch.Announcements {
		until, err := config.Until(a.Until, loc)
		if err != nil {
			return curate.Channel{}, fmt.Errorf("announcements[%d].until: %w", i, err)
		}
		out.Announcements = append(out.Announcements, curate.Announcement{Title: a.Title, Text: a.Text, Until: until})
	}
	for i, y := range ch.YouSaidWeDid {
		until, err := config.Until(y.Until, loc)
		if err != nil {
			return curate.Channel{}, fmt.Errorf("you_said_we_did[%d].until: %w", i, err)
		}
		out.YouSaid = append(out.YouSaid, curate.YouSaid{Comment: y.Comment, Action: y.Action, Until: until})
	}
	return out, nil
}

// target turns the config's "0 means unset" into a pointer.
func target(v float64) *float64 {
	if v == 0 {
		return nil
	}
	return &v
}
