/**
 * Cron schedules: {@link dev.muster.server.schedule.CronSchedule} parses the expression,
 * {@link dev.muster.server.schedule.Scheduler} decides what is due against an injected clock and
 * records each firing through a {@link dev.muster.server.schedule.ScheduleLedger} (the store)
 * before telling a {@link dev.muster.server.schedule.FiringListener}, and
 * {@link dev.muster.server.schedule.SchedulerLoop} runs it on a background thread.
 */
package dev.muster.server.schedule;
