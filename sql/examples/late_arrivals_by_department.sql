-- Late arrivals per department per ISO week.
--
-- A late arrival is an OnDuty punch result (fact_attendance_result) whose time_result is Late or SeriousLate.
-- Each one is counted in the department(s) its user was a direct member of at that moment: a point-in-time join
-- on bridge_user_department at the check point's scheduled time (base_check_time), so someone who moved
-- department on Wednesday counts in the old department on Monday and in the new one on Thursday. A user in two
-- departments counts in both. The department's name is the one it had at that moment (dim_department).
--
-- The ISO week is given by its Monday (weeks start on Monday): the work date minus the days since the last Monday,
-- counted from Monday 2001-01-01. TIMESTAMPADD/TIMESTAMPDIFF/MOD run unchanged on MySQL, MariaDB and H2.
-- To look at some weeks only, add e.g. "AND f.work_date BETWEEN DATE '2026-11-02' AND DATE '2026-11-29'".
SELECT dept_id, department, week_monday, COUNT(*) AS late_arrivals
FROM (
  SELECT m.dept_id,
         d.name AS department,
         TIMESTAMPADD(DAY, -MOD(TIMESTAMPDIFF(DAY, DATE '2001-01-01', f.work_date), 7), f.work_date) AS week_monday
  FROM fact_attendance_result f
  JOIN bridge_user_department m
    ON m.userid = f.userid
   AND m.valid_from <= f.base_check_time
   AND (m.valid_to IS NULL OR m.valid_to > f.base_check_time)
  LEFT JOIN dim_department d
    ON d.dept_id = m.dept_id
   AND d.valid_from <= f.base_check_time
   AND (d.valid_to IS NULL OR d.valid_to > f.base_check_time)
  WHERE f.check_type = 'OnDuty'
    AND f.time_result IN ('Late', 'SeriousLate')
) late
GROUP BY dept_id, department, week_monday
ORDER BY week_monday, dept_id;
